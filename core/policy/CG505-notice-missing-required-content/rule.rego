# CG505: a notice lacks content Articles 13/14 require.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg505

import rego.v1

required := ["DataSubjectRights", "DpoContact", "IcoComplaint", "Retention", "Recipients"]

deny contains finding if {
	some name, notice in input.notices
	missing := [r | some r in required; not r in notice.spec.covers]
	count(missing) > 0
	finding := {
		"resource": {"kind": "TransparencyNotice", "name": name},
		"path": ["spec", "covers"],
		"message": sprintf("notice %s does not cover %s (required by Articles 13/14)", [name, concat(", ", missing)]),
		"help": "add the missing content to the notice and to spec.covers",
	}
}
