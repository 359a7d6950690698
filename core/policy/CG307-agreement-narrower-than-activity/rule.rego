# CG307: an agreement covers narrower data forms than the activity uses.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg307

import rego.v1

deny contains finding if {
	some name, agreement in input.agreements
	some act in agreement.spec.activities
	activity := input.activities[act]
	input.facts.activities[act].personal
	not activity.spec.dataForm in agreement.spec.dataForms
	finding := {
		"resource": {"kind": "Agreement", "name": name},
		"path": ["spec", "dataForms"],
		"message": sprintf("agreement %s covers %s data but activity %s uses %s data", [name, concat(", ", agreement.spec.dataForms), act, activity.spec.dataForm]),
		"help": sprintf("widen the agreement's dataForms to include %s, or narrow the activity", [activity.spec.dataForm]),
	}
}
