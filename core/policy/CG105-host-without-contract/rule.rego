# CG105: a store host is not a controller and has no hosting contract in force.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg105

import rego.v1

deny contains finding if {
	some name, store in input.dataStores
	some gap in input.facts.dataStores[name].hostGaps
	candidates := input.facts.dataStores[name].hostCandidates
	finding := {
		"resource": {"kind": "DataStore", "name": name},
		"path": ["spec", "host"],
		"message": sprintf("%s hosts %s for controller %s but no hosting contract in force names %s Controller and %s Processor", [store.spec.host, name, gap, gap, store.spec.host]),
		"help": help(candidates),
	}
}

help(candidates) := "put a DataProcessingContract in place between each controller of the store (Controller) and the host (Processor)" if {
	count(candidates) == 0
}

help(candidates) := sprintf("the contract(s) %s exist but are not in force or not signed: see their CG302-CG305 findings", [concat(", ", candidates)]) if {
	count(candidates) > 0
}
