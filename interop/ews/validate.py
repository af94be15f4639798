"""Validate EWS SOAP responses against the Exchange 2016 schemas with xmllint.

usage: validate.py SCHEMA_DIR FILE...

Each file is a SOAP response, validated whole with xmllint against a small
SOAP 1.1 envelope schema (Envelope, Header, Body, Fault with faultcode,
faultstring and detail) whose Header and Body contents are checked strictly
against messages.xsd and types.xsd. types.xsd imports
the XML namespace without a schemaLocation; a copy of the schemas is made
with a local xml.xsd declaring xml:lang so xmllint can compile them offline.
"""
import os
import shutil
import subprocess
import sys
import tempfile


XML_XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://www.w3.org/XML/1998/namespace">
  <xs:attribute name="lang" type="xs:language"/>
</xs:schema>
"""


ENVELOPE_XSD = """<?xml version="1.0"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="http://schemas.xmlsoap.org/soap/envelope/"
  elementFormDefault="unqualified">
  <xs:import namespace="http://schemas.microsoft.com/exchange/services/2006/messages" schemaLocation="messages.xsd"/>
  <xs:import namespace="http://schemas.microsoft.com/exchange/services/2006/types" schemaLocation="types.xsd"/>
  <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>
  <xs:element name="Envelope">
    <xs:complexType><xs:sequence>
      <xs:element ref="s:Header" minOccurs="0" xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"/>
      <xs:element ref="s:Body" xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"/>
    </xs:sequence></xs:complexType>
  </xs:element>
  <xs:element name="Header">
    <xs:complexType><xs:sequence>
      <xs:any namespace="##other" processContents="strict" minOccurs="0" maxOccurs="unbounded"/>
    </xs:sequence></xs:complexType>
  </xs:element>
  <xs:element name="Body">
    <xs:complexType><xs:sequence>
      <xs:any namespace="##any" processContents="strict" minOccurs="1" maxOccurs="1"/>
    </xs:sequence></xs:complexType>
  </xs:element>
  <xs:element name="Fault">
    <xs:complexType><xs:sequence>
      <xs:element name="faultcode" type="xs:QName"/>
      <xs:element name="faultstring">
        <xs:complexType><xs:simpleContent><xs:extension base="xs:string">
          <xs:attribute ref="xml:lang" xmlns:xml="http://www.w3.org/XML/1998/namespace"/>
        </xs:extension></xs:simpleContent></xs:complexType>
      </xs:element>
      <xs:element name="faultactor" type="xs:anyURI" minOccurs="0"/>
      <xs:element name="detail" minOccurs="0">
        <xs:complexType><xs:sequence>
          <xs:any namespace="##any" processContents="lax" minOccurs="0" maxOccurs="unbounded"/>
        </xs:sequence></xs:complexType>
      </xs:element>
    </xs:sequence></xs:complexType>
  </xs:element>
</xs:schema>
"""


def prepare(schema_dir):
    d = tempfile.mkdtemp(prefix="ews-xsd-")
    for f in ("messages.xsd", "types.xsd"):
        shutil.copy(os.path.join(schema_dir, f), d)
    p = os.path.join(d, "types.xsd")
    s = open(p, encoding="utf-8-sig").read()
    s = s.replace('<xs:import namespace="http://www.w3.org/XML/1998/namespace"/>',
                  '<xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>')
    # libxml2 refuses ArrayOfTransitionsType (the three transition kinds
    # are in Transition's substitution group, so the sequence is not
    # deterministic); an unbounded t:Transition accepts the same elements.
    old = """            <xs:element ref="t:AbsoluteDateTransition" minOccurs="0" maxOccurs="unbounded" />
            <xs:element ref="t:RecurringDayTransition" minOccurs="0" maxOccurs="unbounded" />
            <xs:element ref="t:RecurringDateTransition" minOccurs="0" maxOccurs="unbounded" />
            <xs:element ref="t:Transition" minOccurs="0" maxOccurs="unbounded" />"""
    s = s.replace(old.replace("\n", "\r\n"), '<xs:element ref="t:Transition" minOccurs="0" maxOccurs="unbounded" />')
    s = s.replace(old, '<xs:element ref="t:Transition" minOccurs="0" maxOccurs="unbounded" />')
    open(p, "w", encoding="utf-8").write(s)
    open(os.path.join(d, "xml.xsd"), "w").write(XML_XSD)
    open(os.path.join(d, "envelope.xsd"), "w").write(ENVELOPE_XSD)
    return d


def main():
    schema_dir, files = sys.argv[1], sys.argv[2:]
    d = prepare(schema_dir)
    xsd = os.path.join(d, "envelope.xsd")
    bad = 0
    try:
        for f in files:
            r = subprocess.run(["xmllint", "--noout", "--schema", xsd, f], capture_output=True, text=True)
            if r.returncode != 0:
                bad += 1
                print("INVALID", os.path.basename(f), r.stderr.strip()[:1200])
    finally:
        shutil.rmtree(d)
    print("schema validation: %d passed, %d failed" % (len(files) - bad, bad))
    sys.exit(1 if bad or not files else 0)


if __name__ == "__main__":
    main()
