"""``imsmanifest.xml`` of a SCORM 1.2 package, and the checker of a built package.

The manifest follows ADL SCORM 1.2 (IMS Content Packaging 1.1.2): ``<metadata>`` with
``<schema>ADL SCORM</schema><schemaversion>1.2</schemaversion>``, one ``<organization>``
with one ``<item>`` per module, each pointing to a ``sco`` resource whose ``href`` is the
module's page. The files shared by the SCOs (every file of the package but the launch
pages) are listed once, in an ``asset`` resource that each SCO names as a ``<dependency>``.
There is no ``adlcp:masteryscore``: the module decides itself whether it is passed (its
validation threshold), and reports ``passed`` or ``failed``.

The ADL and IMS schemas (``imscp_rootv1p1p2.xsd``, ``adlcp_rootv1p2.xsd``, ``ims_xml.xsd``)
carry a copyright notice and no licence that allows shipping them, so the project does not
commit them: :func:`verifier_paquet` checks in Python what the tests and the LMSs rely on.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree as ET

IMSCP = "http://www.imsproject.org/xsd/imscp_rootv1p1p2"
ADLCP = "http://www.adlnet.org/xsd/adlcp_rootv1p2"
COMMUN = "RES-COMMUN"


@dataclass(frozen=True)
class Sco:
    module: str  # module id
    titre: str
    href: str  # its page, relative to the package's root


def _ident(prefixe: str, texte: str) -> str:
    """An XML ID (NCName) from a site id (lowercase letters, digits, hyphens)."""
    return f"{prefixe}-{texte}"


def manifeste(paquet: str, titre: str, scos: list[Sco], fichiers: list[str]) -> bytes:
    ET.register_namespace("", IMSCP)
    ET.register_namespace("adlcp", ADLCP)
    m = ET.Element(f"{{{IMSCP}}}manifest", identifier=_ident("MANIFESTE", paquet), version="1.0")
    meta = ET.SubElement(m, f"{{{IMSCP}}}metadata")
    ET.SubElement(meta, f"{{{IMSCP}}}schema").text = "ADL SCORM"
    ET.SubElement(meta, f"{{{IMSCP}}}schemaversion").text = "1.2"
    orgs = ET.SubElement(m, f"{{{IMSCP}}}organizations", default=_ident("ORG", paquet))
    org = ET.SubElement(orgs, f"{{{IMSCP}}}organization", identifier=_ident("ORG", paquet))
    ET.SubElement(org, f"{{{IMSCP}}}title").text = titre
    for sco in scos:
        item = ET.SubElement(org, f"{{{IMSCP}}}item", identifier=_ident("ITEM", sco.module),
                             identifierref=_ident("RES", sco.module), isvisible="true")
        ET.SubElement(item, f"{{{IMSCP}}}title").text = sco.titre
    ressources = ET.SubElement(m, f"{{{IMSCP}}}resources")
    lancements = {s.href for s in scos}
    for sco in scos:
        r = ET.SubElement(ressources, f"{{{IMSCP}}}resource", {
            "identifier": _ident("RES", sco.module), "type": "webcontent",
            f"{{{ADLCP}}}scormtype": "sco", "href": sco.href})
        ET.SubElement(r, f"{{{IMSCP}}}file", href=sco.href)
        ET.SubElement(r, f"{{{IMSCP}}}dependency", identifierref=COMMUN)
    commun = ET.SubElement(ressources, f"{{{IMSCP}}}resource", {
        "identifier": COMMUN, "type": "webcontent", f"{{{ADLCP}}}scormtype": "asset"})
    for f in fichiers:
        if f not in lancements:
            ET.SubElement(commun, f"{{{IMSCP}}}file", href=f)
    ET.indent(m)
    return ET.tostring(m, encoding="UTF-8", xml_declaration=True) + b"\n"


# -- checking a package -------------------------------------------------------------------------
def verifier_paquet(chemin: Path | str) -> list[str]:
    """What is wrong with a SCORM 1.2 zip ([] when nothing): manifest at the root, ADL SCORM
    1.2 metadata, one organization whose every item resolves to a ``sco`` resource, no
    mastery score, every listed file in the zip and every file of the zip listed."""
    problemes: list[str] = []
    with zipfile.ZipFile(chemin) as z:
        noms = set(z.namelist())
        if "imsmanifest.xml" not in noms:
            return ["imsmanifest.xml absent de la racine du paquet."]
        try:
            racine = ET.fromstring(z.read("imsmanifest.xml"))
        except ET.ParseError as exc:
            return [f"imsmanifest.xml mal formé : {exc}."]
    ns = {"cp": IMSCP, "adlcp": ADLCP}
    if racine.tag != f"{{{IMSCP}}}manifest":
        problemes.append(f"élément racine {racine.tag} au lieu de manifest ({IMSCP}).")
    if not racine.get("identifier"):
        problemes.append("manifest sans identifier.")
    if racine.findtext("cp:metadata/cp:schema", namespaces=ns) != "ADL SCORM":
        problemes.append("metadata/schema doit valoir « ADL SCORM ».")
    if racine.findtext("cp:metadata/cp:schemaversion", namespaces=ns) != "1.2":
        problemes.append("metadata/schemaversion doit valoir « 1.2 ».")
    orgs = racine.findall("cp:organizations/cp:organization", ns)
    if len(orgs) != 1:
        problemes.append(f"{len(orgs)} organization au lieu d'une.")
    defaut = racine.find("cp:organizations", ns)
    if defaut is not None and orgs and defaut.get("default") != orgs[0].get("identifier"):
        problemes.append("organizations/@default ne désigne pas l'organization.")
    ressources = {r.get("identifier"): r for r in racine.findall("cp:resources/cp:resource", ns)}
    identifiants = [e.get("identifier") for e in racine.iter() if e.get("identifier")]
    if len(identifiants) != len(set(identifiants)):
        problemes.append("identifiants en double dans le manifeste.")
    items = [i for o in orgs for i in o.iter(f"{{{IMSCP}}}item")]
    if not items:
        problemes.append("aucun item.")
    for item in items:
        if not (item.findtext("cp:title", namespaces=ns) or "").strip():
            problemes.append(f"item {item.get('identifier')} sans titre.")
        ref = item.get("identifierref")
        r = ressources.get(ref)
        if r is None:
            problemes.append(f"item {item.get('identifier')} : identifierref « {ref} » ne désigne aucune resource.")
            continue
        if r.get(f"{{{ADLCP}}}scormtype") != "sco":
            problemes.append(f"resource {ref} : adlcp:scormtype « {r.get(f'{{{ADLCP}}}scormtype')} » au lieu de « sco ».")
        if not r.get("href"):
            problemes.append(f"resource {ref} sans href.")
        elif r.get("href").split("?")[0].split("#")[0] not in noms:
            problemes.append(f"resource {ref} : href « {r.get('href')} » absent du paquet.")
    if racine.find(".//adlcp:masteryscore", ns) is not None:
        problemes.append("adlcp:masteryscore présent : le module décide lui-même (passed/failed).")
    listes: set[str] = set()
    for ident, r in ressources.items():
        if r.get("type") != "webcontent":
            problemes.append(f"resource {ident} : type « {r.get('type')} » au lieu de « webcontent ».")
        if r.get(f"{{{ADLCP}}}scormtype") not in ("sco", "asset"):
            problemes.append(f"resource {ident} : adlcp:scormtype « {r.get(f'{{{ADLCP}}}scormtype')} » inconnu.")
        for d in r.findall("cp:dependency", ns):
            if d.get("identifierref") not in ressources:
                problemes.append(f"resource {ident} : dependency « {d.get('identifierref')} » ne désigne aucune resource.")
        for f in r.findall("cp:file", ns):
            listes.add(f.get("href"))
    for manquant in sorted(listes - noms):
        problemes.append(f"fichier listé absent du paquet : {manquant}.")
    for oublie in sorted(noms - listes - {"imsmanifest.xml"}):
        if not oublie.endswith("/"):
            problemes.append(f"fichier du paquet absent du manifeste : {oublie}.")
    return problemes
