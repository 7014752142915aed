"""Cross-article deduplication: records of one real-world event share a ``cluster_id``.

News repeats itself: a missile launch is told by dozens of outlets, each coded into its own record, with
dates a day apart (time zones, "yesterday") and places of different precision. Counting records counts
coverage; counting clusters counts events. This module decides which records are the same event.

**Blocking.** Two records can only be one event when they share a *block*: the same source and target
(:func:`actor_key`: a named person by name, anyone else by country + sector, or by name when stateless), a
compatible action (the same CAMEO root, or roots of one :attr:`DedupRules.root_groups` group) and a
compatible modality (:attr:`DedupRules.modality_groups`). Everything below happens inside one block, so the
work is linear in the number of records.

**Time.** Day-precise records form the *core* of clusters. Per block and date, count the distinct articles;
each date points at the date within ``±day_window`` with the most articles (ties: the earlier date); a
date that points at itself is a *peak*; a date joins the peak it points at, else stands alone. Reports of
one event pile up on its true date, so one-day jitter joins it, while an event that recurs daily (shelling,
protests) is not chained into one endless cluster as single-link clustering would do. Each date's choice
reads only the counts within ``±2·day_window``, which is what lets :class:`ClusterIndex` recompute only the
neighbourhood of new records.
Less precise records join the best-supported compatible core cluster (most articles, then earliest, then
id) when their date range overlaps its dates: ``unknown`` precision with a date within
``±unknown_window`` days, ``month`` within that month. Otherwise they stay by themselves, grouped per block
and period (the same date, the same month). ``year`` precision ("earlier this year") names no event
and undated records give no time at all: they never join a core; year records group per block and year,
undated ones only within their own article (the same thing said twice).

**Place.** Within a time cluster, records with a point or city location go with the best-supported
location within ``place_radius_km`` in the same country; a country-level place goes with a location in that
country; an unplaced record goes with the best-supported group. Two different places give two clusters.

**One article.** A cluster never holds two different CAMEO codes from one article: an article that says
"bombed" and "attacked" about the same dyad and day is taken to report two acts; the same code in two
sentences is the same act said twice and is merged.

**Ids.** A cluster id is ``"c-"`` + a hash of what defines the cluster: its block, its earliest core date (or
its period), and, for a second place group or a second code of one article, which one. So ids are a
function of the set of records (any input order, any batching, any engine gives the same ids) and they do
not move when a later report of the same day arrives. When new reports link two clusters, the merged cluster
keeps the id of the earlier one; the records of the later one are relabelled
(:meth:`ClusterIndex.take_relabelled`).
"""

from dyads.dedup.index import ClusterIndex, cluster_events
from dyads.dedup.rules import Cluster, DedupRules, actor_key

__all__ = ["Cluster", "ClusterIndex", "DedupRules", "actor_key", "cluster_events"]
