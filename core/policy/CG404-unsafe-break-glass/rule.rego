# CG404: break-glass without a reason or outside individual care.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg404

import rego.v1

deny contains finding if {
	some name, role in input.accessRoles
	role.spec.breakGlass.allowed
	not role.spec.breakGlass.requiresReason
	finding := {
		"resource": {"kind": "AccessRole", "name": name},
		"path": ["spec", "breakGlass", "requiresReason"],
		"message": sprintf("role %s allows break-glass without a recorded reason", [name]),
		"help": "set breakGlass.requiresReason: true",
	}
}

deny contains finding if {
	some name, role in input.accessRoles
	role.spec.breakGlass.allowed
	not "IndividualCare" in role.spec.purposes
	finding := {
		"resource": {"kind": "AccessRole", "name": name},
		"path": ["spec", "breakGlass", "allowed"],
		"message": sprintf("role %s allows break-glass but is not for individual care; break-glass is for emergency care only", [name]),
		"help": "set breakGlass.allowed: false",
	}
}
