"""Council procedure cards, deadlines counted by a council's own rules, and council words."""
