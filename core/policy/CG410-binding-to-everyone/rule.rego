# CG410: a binding has no subjects or a subject meaning everyone.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg410

import rego.v1

everyone := {"*", "system:authenticated", "system:unauthenticated"}

deny contains finding if {
	some name, binding in input.accessBindings
	count(object.get(binding.spec, "subjects", [])) == 0
	finding := {
		"resource": {"kind": "AccessBinding", "name": name},
		"path": ["spec", "subjects"],
		"message": sprintf("binding %s names no subjects", [name]),
		"help": "name the groups, users or service accounts that hold the role",
	}
}

deny contains finding if {
	some name, binding in input.accessBindings
	some i, subject in binding.spec.subjects
	subject.name in everyone
	finding := {
		"resource": {"kind": "AccessBinding", "name": name},
		"path": ["spec", "subjects", i, "name"],
		"message": sprintf("binding %s grants access to %s, which means everyone", [name, subject.name]),
		"help": "name real groups of staff",
	}
}
