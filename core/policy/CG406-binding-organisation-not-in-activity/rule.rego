# CG406: a binding's organisation neither performs nor controls its activity.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg406

import rego.v1

deny contains finding if {
	some name, binding in input.accessBindings
	activity := input.activities[binding.spec.activity]
	input.organisations[binding.spec.organisation]
	binding.spec.organisation != activity.spec.performedBy
	not binding.spec.organisation in activity.spec.controllers
	finding := {
		"resource": {"kind": "AccessBinding", "name": name},
		"path": ["spec", "organisation"],
		"message": sprintf("%s neither performs nor controls activity %s; its staff would be unlawful recipients", [binding.spec.organisation, binding.spec.activity]),
		"help": sprintf("bind staff of %s or of a controller of the activity", [activity.spec.performedBy]),
	}
}
