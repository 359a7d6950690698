# CG506: a notice offers no accessible format.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg506

import rego.v1

deny contains finding if {
	some name, notice in input.notices
	count(object.get(notice.spec, "formats", [])) == 0
	finding := {
		"resource": {"kind": "TransparencyNotice", "name": name},
		"path": ["spec", "formats"],
		"message": sprintf("notice %s offers no accessible format", [name]),
		"help": "offer EasyRead, LargePrint or other formats (Accessible Information Standard)",
	}
}
