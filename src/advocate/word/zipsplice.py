"""A zip file with one member replaced, the other members kept as they were deflated.

``word.writer`` deflates every member of a document it writes; in a batch all members but the
body are the same for every row. A ``Splice`` keeps the bytes of a written .docx around one
member and, per document, deflates only that member (as ``zipfile`` would: same level, same
header) and patches the sizes, checksum and offsets in the central directory. The result is the
zip ``zipfile`` writes for the same members, byte for byte.

Only the plain layout ``word.writer`` produces is accepted: no ZIP64, no archive comment, no
data descriptors; anything else raises ``ValueError`` and the caller writes the ordinary way.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass

_LOCAL = struct.Struct("<4s2B4HL2L2H")  # zipfile's local file header, 30 bytes
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")  # central directory entry, 46 bytes
_END = struct.Struct("<4s4H2LH")  # end of central directory, 22 bytes
_CRC_AT, _OFFSET_AT, _DIRECTORY_AT = 16, 42, 16  # field positions in an entry / the end record


@dataclass(frozen=True)
class Splice:
    """The bytes of a zip around one member, ready to take that member's new contents."""

    head: bytes  # everything before the member's local header
    info: zipfile.ZipInfo  # the member's header fields (name, time, flags, method)
    tail: bytes  # the members after it, up to the central directory
    directory_before: bytes  # central directory entries of the members before it
    entry: bytes  # its own central directory entry
    directory_after: tuple[bytes, ...]  # entries of the members after it (offsets shift)
    end: bytes  # the end of central directory record
    directory_offset: int
    old_length: int  # local header and deflated data of the member as read
    member: bytes  # the member's contents as read

    @classmethod
    def read(cls, data: bytes, name: str) -> Splice:
        """Read a zip written by ``zipfile`` and find member ``name``.

        Raises:
            ValueError: The zip is not in the plain layout (see the module's notes), or has no
                such member.
        """
        end = data[-_END.size :]
        fields = _END.unpack(end)
        if fields[0] != b"PK\x05\x06" or fields[-1] != 0:
            msg = "a zip with a comment or ZIP64 records"
            raise ValueError(msg)
        count, size, directory = fields[4], fields[5], fields[6]
        if directory + size + _END.size != len(data):
            msg = "a zip with data after its central directory"
            raise ValueError(msg)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            member = archive.read(name)
        entries = _entries(data[directory : directory + size], count)
        index = [info.filename for info in infos].index(name)
        info = infos[index]
        if info.flag_bits & 0x08 or info.compress_type != zipfile.ZIP_DEFLATED or info.extra:
            msg = "a member with a data descriptor, extra fields or without deflate"
            raise ValueError(msg)
        start = info.header_offset
        local = _LOCAL.unpack_from(data, start)
        old_length = _LOCAL.size + local[-2] + local[-1] + info.compress_size
        following = infos[index + 1].header_offset if index + 1 < len(infos) else directory
        if start + old_length != following:
            msg = "a zip with gaps between members"
            raise ValueError(msg)
        return cls(
            head=data[:start],
            info=info,
            tail=data[start + old_length : directory],
            directory_before=b"".join(entries[:index]),
            entry=entries[index],
            directory_after=tuple(entries[index + 1 :]),
            end=end,
            directory_offset=directory,
            old_length=old_length,
            member=member,
        )

    def same_except_member(self, other: Splice) -> bool:
        """Whether two zips hold the same bytes apart from this member (its name included)."""
        return (self.head, self.tail, self.directory_before, self.info.filename) == (
            other.head,
            other.tail,
            other.directory_before,
            other.info.filename,
        ) and [_without_offset(e) for e in self.directory_after] == [
            _without_offset(e) for e in other.directory_after
        ]

    def with_member(self, contents: bytes, crc: int) -> bytes:
        """The zip with the member's contents replaced (``crc`` is ``zlib.crc32(contents)``)."""
        deflater = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        packed = deflater.compress(contents) + deflater.flush()
        info = self.info  # one writer per process: changing it in place is safe
        info.CRC, info.compress_size, info.file_size = crc, len(packed), len(contents)
        header = info.FileHeader(False)
        shift = len(header) + len(packed) - self.old_length
        entry = bytearray(self.entry)
        struct.pack_into("<3L", entry, _CRC_AT, crc, len(packed), len(contents))
        after = []
        for item in self.directory_after:
            moved = bytearray(item)
            offset = struct.unpack_from("<L", moved, _OFFSET_AT)[0]
            struct.pack_into("<L", moved, _OFFSET_AT, offset + shift)
            after.append(moved)
        end = bytearray(self.end)
        struct.pack_into("<L", end, _DIRECTORY_AT, self.directory_offset + shift)
        return b"".join(
            (self.head, header, packed, self.tail, self.directory_before, entry, *after, end)
        )


def _entries(directory: bytes, count: int) -> list[bytes]:
    """The central directory cut into its entries."""
    entries, at = [], 0
    for _ in range(count):
        fields = _CENTRAL.unpack_from(directory, at)
        if fields[0] != b"PK\x01\x02":
            msg = "a damaged central directory"
            raise ValueError(msg)
        length = _CENTRAL.size + fields[12] + fields[13] + fields[14]
        entries.append(directory[at : at + length])
        at += length
    return entries


def _without_offset(entry: bytes) -> bytes:
    return entry[:_OFFSET_AT] + entry[_OFFSET_AT + 4 :]
