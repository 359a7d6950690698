# CG411: a binding would give access through a chain that is not in force.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg411

import rego.v1

deny contains finding if {
	some name, binding in input.accessBindings
	facts := input.facts.bindings[name]
	facts.chainComplete
	not facts.chainInForce
	finding := {
		"resource": {"kind": "AccessBinding", "name": name},
		"path": ["spec", "activity"],
		"message": sprintf("binding %s would give access through a chain that is not in force: %s", [name, concat("; ", facts.chainProblems)]),
		"help": "fix the chain (see the CG2xx and CG3xx findings); the operator withholds this grant until then",
	}
}
