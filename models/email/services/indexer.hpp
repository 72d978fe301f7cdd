// The indexer (on the search node's host, role 'search'): a consumer of the index queue that
// indexes each stored email in the search node (by email id: a repeat is an update) and
// commits its offsets after the node acknowledged them. A crash of the host stops the node and
// the indexer; both restart with the host, the node replays its translog and the indexer goes
// on from the committed offsets: it catches up with what arrived meanwhile and re-indexes what
// it had not committed (duplicates, counted).
#pragma once

#include "models/email/experiment.hpp"

namespace sdsim::email {

void start_indexer(Experiment& x);
// When each stored email became searchable, as the search node shows it (not as the indexer
// expects): a check of the node's index just after each scheduled refresh (a process of the
// run's nature, which no fault reaches). Exact for scheduled refreshes; an email a restart
// replayed is seen at the first grid point after the restart's refresh (at most one interval
// late).
void start_visibility_watch(Experiment& x);

}  // namespace sdsim::email
