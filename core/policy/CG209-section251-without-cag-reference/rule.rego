# CG209: a section 251 basis has no CAG reference.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg209

import rego.v1

deny contains finding if {
	some name, basis in input.lawfulBases
	basis.spec.commonLawDuty == "Section251"
	not basis.spec.reference
	finding := {
		"resource": {"kind": "LawfulBasis", "name": name},
		"path": ["spec", "reference"],
		"message": sprintf("section 251 basis %s records no CAG reference", [name]),
		"help": "record the Confidentiality Advisory Group reference, e.g. 21/CAG/0123 or CAG 7-07(a-c)/2013",
	}
}
