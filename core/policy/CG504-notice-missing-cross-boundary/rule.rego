# CG504: no notice covers cross-boundary sharing.
# See README.md beside this file; input contract: core/policy/INPUT.md.
package caregov.rules.cg504

import rego.v1

deny contains finding if {
	some org, facts in input.facts.organisations
	facts.crossesShcrBoundary
	not facts.inNeighbourOnly
	not "CrossBoundarySharing" in facts.noticeCovers
	finding := {
		"resource": {"kind": "Organisation", "name": org},
		"path": [],
		"message": sprintf("%s controls a shared care record that shares across its boundary but none of its notices covers cross-boundary sharing", [org]),
		"help": "tell the public how records are shared with neighbouring areas (covers: CrossBoundarySharing)",
	}
}
