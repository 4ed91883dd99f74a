"""The Word writer: Markdown in, a .docx package out, on the organisation's letterhead.

* :mod:`.writer` turns Markdown into the bytes of a .docx (lxml and zipfile only);
* :mod:`.body` turns markdown-it tokens into WordprocessingML paragraphs, lists and tables;
* :mod:`.package` assembles the parts that change per document around the static ones;
* :mod:`.logo` reads, measures and places the logo in a header;
* :mod:`.prepared` holds a prepared letterhead as plain data, cached on disk;
* :mod:`.screening` refuses hostile letterheads (zip bombs, DOCTYPEs, outside links) or cleans them;
* :mod:`.letterhead` prepares a letterhead with python-docx (the only importer of ``docx``);
* :mod:`.ooxml` holds the XML names and helpers the others share.

Named ``word`` so that nobody confuses it with python-docx's own ``docx`` package.
"""
