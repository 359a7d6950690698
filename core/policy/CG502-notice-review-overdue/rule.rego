# CG502: a notice's review is overdue.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg502

import rego.v1

deny contains finding if {
	some name, notice in input.notices
	notice.spec.reviewDue < input.today
	finding := {
		"resource": {"kind": "TransparencyNotice", "name": name},
		"path": ["spec", "reviewDue"],
		"message": sprintf("notice %s was due for review on %s", [name, notice.spec.reviewDue]),
		"help": "review and republish it, then record the new publishedOn and reviewDue",
	}
}
