# CG408: a binding's role grants a data form the activity or store does not use.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg408

import rego.v1

deny contains finding if {
	some name, binding in input.accessBindings
	role := input.accessRoles[binding.spec.role]
	activity := input.activities[binding.spec.activity]
	store := input.dataStores[binding.spec.dataStore]
	some form in role.spec.dataForms
	not ok(form, activity, store)
	finding := {
		"resource": {"kind": "AccessBinding", "name": name},
		"path": ["spec", "role"],
		"message": sprintf("role %s grants %s data, which %s", [binding.spec.role, form, why(form, activity, store)]),
		"help": "narrow the role's dataForms to what the activity uses, or bind a narrower role",
	}
}

ok(form, activity, store) if {
	form == activity.spec.dataForm
	form in store.spec.dataForms
}

why(form, activity, store) := sprintf("activity %s does not use (it uses %s)", [activity.metadata.name, activity.spec.dataForm]) if form != activity.spec.dataForm

why(form, activity, store) := sprintf("store %s does not hold", [store.metadata.name]) if {
	form == activity.spec.dataForm
	not form in store.spec.dataForms
}
