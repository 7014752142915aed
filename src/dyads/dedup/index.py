"""The incremental cluster index (the package docstring gives the rules it applies)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Mapping

from dyads.dedup.records import (
    _AFTER_CLUSTER,
    _BEFORE_CLUSTER,
    _DAY,
    _FINE_PLACES,
    _MODALITY_ORDER,
    _MONTH,
    _PRECISIONS,
    _UNDATED,
    _UNKNOWN,
    _YEAR,
    _Block,
    _by_eid,
    _cluster_id,
    _cluster_order,
    _forget,
    _gc_paused,
    _Group,
    _Imprecise,
    _km,
    _Lead,
    _month_of,
    _months,
    _most_reported,
    _new_event,
    _Period,
    _period,
    _place_fits,
    _Rec,
    _retarget,
    _Split,
    _split_articles,
    _support,
    _target,
)
from dyads.dedup.rules import Cluster, DedupRules, actor_key
from dyads.errors import UsageError
from dyads.model import DatePrecision, Event, Modality


def cluster_events(
    events: Iterable[Event],
    article_sources: Mapping[str, str] | None = None,
    existing: Iterable[Cluster] = (),
    rules: DedupRules | None = None,
) -> tuple[list[Event], list[Cluster]]:
    """Cluster ``events`` in one go: the events (input order, ``cluster_id`` set) and their clusters.

    Clusters are a function of the set of records, so a later batch joins the clusters of an earlier one by
    passing the earlier records again together with the new ones. ``existing`` (clusters returned before)
    checks that: every record they name must be among ``events``, otherwise the history is incomplete and
    the clusters would silently differ, and :class:`~dyads.errors.UsageError` is raised. To avoid passing
    history again, keep a :class:`ClusterIndex` instead.
    """
    named = {i for c in existing for i in c.event_ids}
    if named:
        events = list(events)
        missing = sorted(named - {e.id for e in events})
        if missing:
            shown = ", ".join(missing[:5]) + (" …" if len(missing) > 5 else "")
            raise UsageError(
                f"{len(missing)} records of the existing clusters are not among the events ({shown}); "
                "pass their records again with the new ones, or keep a ClusterIndex"
            )
    index = ClusterIndex(rules)
    out = index.add(events, article_sources)
    return out, index.clusters()


class ClusterIndex:
    """Incremental clustering: ``add`` batches as they come; the result equals one-shot clustering.

    Records are blocked by (source, target, action group, modality group); a batch only recomputes the
    days around its own records in its own blocks, so the cost of a batch is linear in its size, not in
    the size of the index. Records added earlier whose cluster changed (two clusters linked by new
    reports) are handed out by :meth:`take_relabelled`, for the store to update. :meth:`evict_before`
    forgets old clusters to keep memory bounded in a long stream. No I/O, no shared state.

    ``add`` and ``clusters`` pause Python's cyclic garbage collector while they run (and restore it): they
    allocate many long-lived objects, which makes the collector rescan the whole heap again and again —
    over 2× slower for nothing (the index makes no cyclic garbage; reference counting frees the rest).
    """

    __slots__ = (
        "_blocks",
        "_cache",
        "_mclass",
        "_members",
        "_recs",
        "_relabelled",
        "_rgroup",
        "_symmetric",
        "rules",
    )

    def __init__(self, rules: DedupRules | None = None) -> None:
        self.rules = rules or DedupRules()
        self._rgroup = {root: "+".join(sorted(group)) for group in self.rules.root_groups for root in group}
        self._symmetric = self.rules.symmetric_roots
        self._mclass = {m: m.value for m in Modality}
        for group in self.rules.modality_groups:
            self._mclass.update(dict.fromkeys(group, "+".join(sorted(m.value for m in group))))
        self._blocks: dict[tuple[str, str, str, str], _Block] = {}
        self._recs: dict[str, _Rec] = {}
        self._members: dict[str, list[_Rec]] = {}
        self._cache: dict[str, Cluster] = {}
        self._relabelled: dict[str, _Rec] = {}

    def __len__(self) -> int:
        return len(self._recs)

    # ---------------------------------------------------------------- public
    def add(self, events: Iterable[Event], article_sources: Mapping[str, str] | None = None) -> list[Event]:
        """Add a batch; returns its events (input order) with ``cluster_id`` set.

        A record whose id is already in the index is not added twice (ingest is idempotent); it is
        returned with its current cluster. ``article_sources`` maps article ids to outlet names for
        ``n_sources`` and is read when an article's records are added.
        """
        with _gc_paused():
            return self._add(events, article_sources or {})

    def _add(self, events: Iterable[Event], sources: Mapping[str, str]) -> list[Event]:
        fresh: dict[_Block, list[_Rec]] = {}
        order: list[_Rec] = []
        recs, record = self._recs, self._record
        for ev in events:
            r = recs.get(ev.id)
            if r is None:
                r = recs[ev.id] = record(ev, sources)
                batch = fresh.get(r.block)
                if batch is None:
                    fresh[r.block] = [r]
                else:
                    batch.append(r)
            order.append(r)
        for block, batch in fresh.items():
            if len(batch) == 1 and batch[0].prec == _DAY and not block.counts and block.imp is None:
                self._first_day(block, batch[0])
            else:
                self._update(block, batch)
        out: list[Event] = []
        for r in order:
            out.append(self._event(r))
            r.shown = r.cid
        return out

    def clusters(self) -> list[Cluster]:
        """All clusters, by first date (undated last), then id."""
        cache, summary = self._cache, self._summary
        with _gc_paused():
            if len(cache) != len(self._members):
                for cid, members in self._members.items():
                    if cid not in cache:
                        cache[cid] = summary(cid, members)
            return sorted(cache.values(), key=_cluster_order)

    def events(self) -> list[Event]:
        """Every record in the index, in the order added, with its current ``cluster_id``."""
        return [self._event(r) for r in self._recs.values()]

    def event_ids(self) -> set[str]:
        return set(self._recs)

    def cluster_of(self, event_id: str) -> str | None:
        r = self._recs.get(event_id)
        return r.cid if r is not None else None

    def take_relabelled(self) -> list[Event]:
        """Records from earlier batches whose cluster changed since they were last handed out."""
        out = []
        for r in self._relabelled.values():
            if r.shown != r.cid:
                out.append(self._event(r))
                r.shown = r.cid
        self._relabelled.clear()
        return out

    def evict_before(self, date: dt.date) -> list[Cluster]:
        """Forget the clusters all of whose records lie before ``date``; returns them, final.

        Undated clusters go too (they only ever merge within one article). A record that arrives later
        for an evicted period starts a new cluster, which gets the old id when it has the same first day.
        """
        cutoff = date.toordinal()
        gone = {cid for cid, members in self._members.items() if all(r.hi < cutoff for r in members)}
        out = []
        blocks: set[_Block] = set()
        for cid in gone:
            members = self._members.pop(cid)
            cached = self._cache.pop(cid, None)
            out.append(cached if cached is not None else self._summary(cid, members))
            for r in members:
                del self._recs[r.eid]
                self._relabelled.pop(r.eid, None)
                _forget(r)
                blocks.add(r.block)
        margin = cutoff - 4 * self.rules.day_window - 1  # day counts near the cutoff keep shaping clusters
        for b in blocks:
            for k in list(b.day_groups):
                kept = [g for g in b.day_groups[k] if g.cid not in gone]
                if kept:
                    b.day_groups[k] = kept
                else:
                    del b.day_groups[k]
            for d in [d for d in b.counts if d < margin and d not in b.days]:
                del b.counts[d]
            imp = b.imp
            if imp is not None and not (imp.by_month or imp.years or imp.undated):
                b.imp = None
            if not (b.days or b.counts or b.imp):
                del self._blocks[b.key]
        return sorted(out, key=_cluster_order)

    # ---------------------------------------------------------------- records in and out
    def _record(self, ev: Event, sources: Mapping[str, str]) -> _Rec:
        r = _Rec()
        r.ev = ev
        r.eid = ev.id
        r.article = article = ev.article_id
        r.source = sources.get(article, article)
        r.code = ev.cameo
        r.root = root = ev.cameo_root
        src, tgt = actor_key(ev.source), actor_key(ev.target)
        if tgt < src and root in self._symmetric and tgt != "-":
            src, tgt = tgt, src
        key = (src, tgt, self._rgroup.get(root, root), self._mclass[ev.modality])
        block = self._blocks.get(key)
        if block is None:
            block = self._blocks[key] = _Block(key)
        r.block = block
        d = ev.date
        if d is None:
            r.prec, r.date, r.lo, r.hi = _UNDATED, 0, 0, 0
        else:
            r.date = o = d.toordinal()
            prec = ev.date_precision
            if prec is DatePrecision.DAY:
                r.prec, r.lo, r.hi = _DAY, o, o
            elif prec is DatePrecision.MONTH:
                r.prec, r.lo = _MONTH, o - d.day + 1
                r.hi = r.lo + calendar.monthrange(d.year, d.month)[1] - 1
            elif prec is DatePrecision.YEAR:
                r.prec, r.lo, r.hi = _YEAR, o - d.timetuple().tm_yday + 1, dt.date(d.year, 12, 31).toordinal()
            else:
                w = self.rules.unknown_window
                r.prec, r.lo, r.hi = _UNKNOWN, o - w, o + w
        place = ev.place
        if place is None:
            r.loc = None
        elif place.lat is not None and place.lon is not None and place.precision in _FINE_PLACES:
            r.loc = (place.country, True, place.lat, place.lon)
        else:
            r.loc = (place.country, False, 0.0, 0.0) if place.country else None
        r.choice = r.target = r.shown = None
        r.cid = ""
        return r

    def _event(self, r: _Rec) -> Event:
        ev = r.ev
        if ev.cluster_id != r.cid:
            ev = r.ev = _new_event(*_BEFORE_CLUSTER(ev), r.cid, *[getattr(ev, n) for n in _AFTER_CLUSTER])
        return ev

    # ---------------------------------------------------------------- clustering one block
    def _first_day(self, block: _Block, r: _Rec) -> None:
        """The common case, short: a block's first record, day-precise. Same result as ``_update``."""
        d = r.date
        block.days[d] = recs = [r]
        block.counts[d] = 1
        cid = _cluster_id(block.label, "d" + dt.date.fromordinal(d).isoformat(), "")
        loc = r.loc
        if loc is None:
            block.day_groups[d] = [_Group(cid, recs, None, None)]
        else:
            lead = (round(loc[2], 3), round(loc[3], 3)) if loc[1] else None
            block.day_groups[d] = [_Group(cid, recs, loc[0], lead)]
        r.cid = cid
        members = self._members.get(cid)
        if members is None:
            self._members[cid] = [r]
        else:  # only after eviction kept this day's count
            members.append(r)
            self._cache.pop(cid, None)

    def _update(self, block: _Block, batch: list[_Rec]) -> None:
        w = self.rules.day_window
        new_ids: dict[_Rec, str] = {}
        days, counts = block.days, block.counts
        dirty_days: set[int] = set()
        periods: set[_Period] = set()
        imprecise: list[_Rec] = []
        for r in batch:
            if r.prec == _DAY:
                on_day = days.get(r.date)
                if on_day is None:
                    days[r.date] = [r]
                else:
                    on_day.append(r)
                dirty_days.add(r.date)
                continue
            imp = block.imp
            if imp is None:
                imp = block.imp = _Imprecise()
            if r.prec == _YEAR:
                year = dt.date.fromordinal(r.lo).year
                imp.years.setdefault(year, []).append(r)
                periods.add((_YEAR, year))
            elif r.prec == _UNDATED:
                imp.undated.setdefault(r.article, []).append(r)
                periods.add((_UNDATED, r.article))
            else:
                for m in _months(r.lo, r.hi):
                    imp.by_month.setdefault(m, []).append(r)
                imprecise.append(r)
        rebuilt: set[str] = set()
        touched_months: set[int] = set()
        if dirty_days:
            for d in dirty_days:
                on_day = days[d]
                counts[d] = len({r.article for r in on_day}) if len(on_day) > 1 else 1
            if block.imp is not None and block.imp.by_month:
                for d in dirty_days:
                    touched_months.update(_months(d - 4 * w, d + 4 * w))
            self._rebuild_days(block, dirty_days, new_ids, rebuilt)
        imp = block.imp
        if imp is not None and (touched_months or imprecise):
            # imprecise records near changed days, and new ones, choose their core cluster again
            again: dict[_Rec, None] = dict.fromkeys(imprecise)
            for m in touched_months:
                again.update(dict.fromkeys(imp.by_month.get(m, ())))
            self._attach(block, imp, list(again), rebuilt, new_ids, periods)
        if periods and imp is not None:
            self._rebuild_periods(block, imp, periods, new_ids)
        members, cache, relabelled = self._members, self._cache, self._relabelled
        for r, cid in new_ids.items():
            old = r.cid
            if old == cid:
                continue
            if not old:  # a new record
                group = members.get(cid)
                if group is None:
                    members[cid] = [r]
                else:
                    group.append(r)
                    cache.pop(cid, None)
                r.cid = cid
                continue
            if old:
                old_members = members[old]
                old_members.remove(r)
                if not old_members:
                    del members[old]
                cache.pop(old, None)
                relabelled[r.eid] = r
            group = members.get(cid)
            if group is None:
                members[cid] = [r]
            else:
                group.append(r)
                cache.pop(cid, None)
            r.cid = cid

    def _rebuild_days(
        self, block: _Block, dirty: set[int], new_ids: dict[_Rec, str], rebuilt: set[str]
    ) -> None:
        """Recompute the core clusters that records on the ``dirty`` days can change (see module doc)."""
        w = self.rules.day_window
        counts, days, day_groups = block.counts, block.days, block.day_groups
        cores: dict[int, list[int]] = {}
        if len(counts) == 1:  # the block has one day: one core
            cores = {d: [d] for d in counts}
            day_groups.clear()
        else:
            keys: set[int] | None = None
            if day_groups or len(dirty) < len(counts):
                # a day's core is decided by the counts within ±2w; cores span ±w around their key
                keys = set()
                scan: set[int] = set()
                for e in dirty:
                    keys.update(range(e - 3 * w, e + 3 * w + 1))
                    scan.update(range(e - 4 * w, e + 4 * w + 1))
                dates: Iterable[int] = scan & counts.keys()
            else:  # every day of the block is new: build everything
                dates = counts.keys()
            targets: dict[int, int] = {}
            get = counts.get
            for d in dates:
                t = targets.get(d)
                if t is None:
                    # the day within ±w told by the most articles (ties: the earliest), as in _target
                    t, best = d, counts[d]
                    for x in range(d - w, d + w + 1):
                        c = get(x, 0)
                        if c > best or (c == best and x < t):
                            t, best = x, c
                    targets[d] = t
                if t != d:
                    tt = targets.get(t)
                    if tt is None:
                        tt = targets[t] = _target(counts, t, w)
                    if tt != t:
                        t = d  # pointing at a slope, not a peak: stands alone
                if keys is None or t in keys:
                    core = cores.get(t)
                    if core is None:
                        cores[t] = [d]
                    else:
                        core.append(d)
            if keys is None:
                day_groups.clear()
            else:
                for k in keys & day_groups.keys():
                    del day_groups[k]
        label, split = block.label, self._split
        for k, ds in cores.items():
            if len(ds) == 1:
                recs = days.get(ds[0], [])
            else:
                ds.sort()
                recs = [r for d in ds for r in days.get(d, ())]
            if not recs:  # only after eviction
                continue
            period = "d" + dt.date.fromordinal(ds[0]).isoformat()
            groups = []
            for desc, sub, country, lead in split(recs):
                cid = _cluster_id(label, period, desc)
                groups.append(_Group(cid, sub, country, lead))
                rebuilt.add(cid)
                for r in sub:
                    new_ids[r] = cid
            day_groups[k] = groups

    def _attach(
        self,
        block: _Block,
        imp: _Imprecise,
        recs: list[_Rec],
        rebuilt: set[str],
        new_ids: dict[_Rec, str],
        periods: set[_Period],
    ) -> None:
        """Unknown- and month-precision records join the best-supported compatible core cluster."""
        w = self.rules.day_window
        radius = self.rules.place_radius_km
        day_groups = block.day_groups
        near: dict[str, _Group] = {}  # every core cluster any of ``recs`` could see (their old choices too)
        touched: set[str] = set()
        for r in recs:
            best: _Group | None = None
            best_rank = (0, 0, "")
            if day_groups:
                loc = r.loc
                for k in range(r.lo - w, r.hi + w + 1):
                    for g in day_groups.get(k, ()):
                        near[g.cid] = g
                        if g.hi < r.lo or g.lo > r.hi:
                            continue
                        codes = g.codes()
                        code = codes.get(r.article)
                        if code is not None and code != r.code:
                            continue
                        if loc is not None and not _place_fits(loc, g, radius):
                            continue
                        rank = (-len(codes), g.lo, g.cid)
                        if best is None or rank < best_rank:
                            best, best_rank = g, rank
            if r.choice is not None:
                touched.add(r.choice)
            r.choice = best.cid if best is not None else None
            if best is not None:
                touched.add(best.cid)
            else:
                _retarget(r, None, new_ids, periods)
        by_choice: dict[str, list[_Rec]] = {}
        for r in recs:
            if r.choice is not None:
                by_choice.setdefault(r.choice, []).append(r)
        # one article, one code per cluster: of the attached records of an article the core lacks, those
        # with the smallest code stay; the others keep to their own period
        for cid in touched:
            group = near.get(cid)
            if group is None:  # gone with a rebuild
                continue
            if cid in rebuilt:  # all its choosers are among ``recs``
                choosers = by_choice.get(cid, [])
            else:
                found: dict[_Rec, None] = {}
                for m in _months(group.lo, group.hi):
                    found.update((r, None) for r in imp.by_month.get(m, ()) if r.choice == cid)
                choosers = list(found)
            codes = group.codes()
            keep: dict[str, str] = {}
            for r in choosers:
                if r.article not in codes and (r.article not in keep or r.code < keep[r.article]):
                    keep[r.article] = r.code
            for r in choosers:
                stays = r.article in codes or keep[r.article] == r.code
                _retarget(r, cid if stays else None, new_ids, periods)

    def _rebuild_periods(
        self, block: _Block, imp: _Imprecise, periods: set[_Period], new_ids: dict[_Rec, str]
    ) -> None:
        """Recompute the clusters of imprecise records that joined no core, per period."""
        buckets: dict[_Period, list[_Rec]] = {p: [] for p in periods}
        months = {_month_of(p[1]) for p in periods if p[0] in (_UNKNOWN, _MONTH) and isinstance(p[1], int)}
        for m in months:
            for r in imp.by_month.get(m, ()):
                if r.target is None and _month_of(r.date) == m:
                    bucket = buckets.get(_period(r))
                    if bucket is not None:
                        bucket.append(r)
        for kind, value in periods:
            if kind == _YEAR and isinstance(value, int):
                buckets[kind, value] = imp.years.get(value, [])
            elif kind == _UNDATED and isinstance(value, str):
                buckets[kind, value] = imp.undated.get(value, [])
        for (kind, value), recs in buckets.items():
            if not recs:
                continue
            if kind == _UNKNOWN and isinstance(value, int):
                period = "u" + dt.date.fromordinal(value).isoformat()
            elif kind == _MONTH and isinstance(value, int):
                period = "m" + dt.date.fromordinal(value).isoformat()[:7]
            elif kind == _YEAR:
                period = f"y{value}"
            else:
                period = f"n{value}"
            for desc, sub, _country, _lead in self._split(recs):
                cid = _cluster_id(block.label, period, desc)
                for r in sub:
                    new_ids[r] = cid

    # ---------------------------------------------------------------- place and article splits
    def _split(self, recs: list[_Rec]) -> _Split:
        """Split one time cluster by place, then by article code; the first part has the empty name."""
        if len(recs) == 1:
            loc = recs[0].loc
            if loc is None:
                return [("", recs, None, None)]
            return [("", recs, loc[0], (round(loc[2], 3), round(loc[3], 3)) if loc[1] else None)]
        out: _Split = []
        for desc, part, country, lead in self._split_places(recs):
            for i, sub in enumerate(_split_articles(part)):
                out.append((desc if i == 0 else f"{desc}/{i}", sub, country, lead))
        return out

    def _split_places(self, recs: list[_Rec]) -> _Split:
        placed = {loc for r in recs if (loc := r.loc) is not None}
        if len(placed) <= 1:  # one place (or none): one group with its signature
            for loc in placed:
                return [("", recs, loc[0], (round(loc[2], 3), round(loc[3], 3)) if loc[1] else None)]
            return [("", recs, None, None)]
        radius = self.rules.place_radius_km
        fine: dict[tuple[str | None, float, float], list[_Rec]] = {}
        coarse: list[_Rec] = []
        unplaced: list[_Rec] = []
        for r in recs:
            loc = r.loc
            if loc is None:
                unplaced.append(r)
            elif loc[1]:
                fine.setdefault((loc[0], round(loc[2], 3), round(loc[3], 3)), []).append(r)
            else:
                coarse.append(r)
        # groups: (name, country, lead, records); leaders are the best-supported locations
        groups: list[tuple[str, str | None, _Lead | None, list[_Rec]]] = []
        ranked = sorted(fine.items(), key=lambda kv: (-_support(kv[1]), kv[0][0] or "", kv[0][1], kv[0][2]))
        for (country, lat, lon), rs in ranked:
            for _name, g_country, lead, members in groups:
                if (
                    lead is not None
                    and (g_country == country or g_country is None or country is None)
                    and _km(lead[0], lead[1], lat, lon) <= radius
                ):
                    members.extend(rs)
                    break
            else:
                groups.append((f"{country or '-'}@{lat:.3f},{lon:.3f}", country, (lat, lon), list(rs)))
        supports = [_support(g[3]) for g in groups]
        by_country: dict[str, list[_Rec]] = {}
        for r in coarse:
            country = r.loc[0] if r.loc is not None else None
            best = -1
            for i, (_name, g_country, _lead, _members) in enumerate(groups):
                if (g_country is None or g_country == country) and (best < 0 or supports[i] > supports[best]):
                    best = i
            if best >= 0:
                groups[best][3].append(r)
            else:
                by_country.setdefault(country or "-", []).append(r)
        for country, rs in sorted(by_country.items()):
            groups.append((country, country, None, rs))
        if unplaced:
            if groups:
                best = max(range(len(groups)), key=lambda i: (_support(groups[i][3]), -i))
                groups[best][3].extend(unplaced)
            else:
                groups.append(("", None, None, unplaced))
        order = sorted(range(len(groups)), key=lambda i: (-_support(groups[i][3]), i))
        return [
            ("" if n == 0 else groups[i][0], groups[i][3], groups[i][1], groups[i][2])
            for n, i in enumerate(order)
        ]

    # ---------------------------------------------------------------- summaries
    def _summary(self, cid: str, members: list[_Rec]) -> Cluster:
        block = members[0].block
        if len(members) == 1:
            r = members[0]
            p = r.prec
            if p <= _UNKNOWN:
                first = last = r.ev.date
            elif p == _UNDATED:
                first = last = None
            else:
                first, last = dt.date.fromordinal(r.lo), dt.date.fromordinal(r.hi)
            return Cluster(
                cid, (r.eid,), 1, 1, 1, first, last, r.root, block.source_key, block.target_key, r.code,
                r.ev.modality, _PRECISIONS[p] if p < _UNDATED else DatePrecision.UNKNOWN,
            )  # fmt: skip
        recs = sorted(members, key=_by_eid)
        best = min(r.prec for r in recs)
        if best == _UNDATED:
            first = last = None
        elif best <= _UNKNOWN:
            dates = [r.date for r in recs if r.prec == best]
            first, last = dt.date.fromordinal(min(dates)), dt.date.fromordinal(max(dates))
        else:
            top = [r for r in recs if r.prec == best]
            first = dt.date.fromordinal(min(r.lo for r in top))
            last = dt.date.fromordinal(max(r.hi for r in top))
        modalities = {r.ev.modality for r in recs}
        articles = {r.article for r in recs}
        return Cluster(  # positional, in field order: id, event_ids, n_records, n_articles, n_sources, …
            cid,
            tuple(r.eid for r in recs),
            len(recs),
            len(articles),
            len({r.source for r in recs}) if len(articles) > 1 else 1,
            first,
            last,
            _most_reported(recs, "root"),
            block.source_key,
            block.target_key,
            _most_reported(recs, "code"),
            next(m for m in _MODALITY_ORDER if m in modalities),
            _PRECISIONS[best] if best < _UNDATED else DatePrecision.UNKNOWN,
        )
