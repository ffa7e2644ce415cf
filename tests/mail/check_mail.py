#!/usr/bin/python3
"""Parses a received mail with Python's standard e-mail parser and prints
the decoded fields, one per line, for the C test to compare:
rcpt, from address, from name, subject, content type, body."""
import sys
from email import policy
from email.parser import BytesParser

with open(sys.argv[1], "rb") as f:
    msg = BytesParser(policy=policy.default).parse(f)
frm = msg["From"].addresses[0]
print("rcpt=" + msg["X-Rcpt-To"])
print("from=" + frm.addr_spec)
print("name=" + frm.display_name)
print("subject=" + str(msg["Subject"]))
print("type=" + msg.get_content_type() + ";" + msg.get_content_charset())
print("date=" + ("yes" if msg["Date"].datetime is not None else "no"))
print("body=" + msg.get_content().replace("\n", "\\n"))
