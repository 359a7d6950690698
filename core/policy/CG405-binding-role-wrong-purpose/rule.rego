# CG405: a binding's role does not allow its activity's purpose.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg405

import rego.v1

deny contains finding if {
	some name, binding in input.accessBindings
	role := input.accessRoles[binding.spec.role]
	activity := input.activities[binding.spec.activity]
	not activity.spec.purpose in role.spec.purposes
	finding := {
		"resource": {"kind": "AccessBinding", "name": name},
		"path": ["spec", "role"],
		"message": sprintf("role %s does not allow purpose %s of activity %s", [binding.spec.role, activity.spec.purpose, binding.spec.activity]),
		"help": sprintf("bind a role whose purposes include %s", [activity.spec.purpose]),
	}
}
