# CG407: a binding's store is not a source of its activity.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg407

import rego.v1

deny contains finding if {
	some name, binding in input.accessBindings
	activity := input.activities[binding.spec.activity]
	input.dataStores[binding.spec.dataStore]
	not binding.spec.dataStore in object.get(activity.spec, "sources", [])
	finding := {
		"resource": {"kind": "AccessBinding", "name": name},
		"path": ["spec", "dataStore"],
		"message": sprintf("data store %s is not a source of activity %s", [binding.spec.dataStore, binding.spec.activity]),
		"help": "bind the store the activity reads, or add the store to the activity's sources",
	}
}
