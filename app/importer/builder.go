package importer

import (
	"fmt"
	"time"

	"kitaportal/app/domain"
	"kitaportal/storage"
)

// builder turns rows into a batch: it evaluates the rules, checks each row,
// keeps keys and ids unique within the file and collects carriers.
type builder struct {
	file   string // file name for messages
	unit   string // "feature" (GeoJSON) or "record" (JSON)
	m      *Mapping
	ev     *evaluator
	source string // for ids and source keys
	demo   bool
	now    time.Time

	res      Result
	keys     map[string]*sourceRecord // key → the row that used it first
	ids      map[string]string        // id → key that produced it
	carriers map[string]*carrierEntry
	order    []string // carrier ids in first-seen order
	draft    draft
}

type carrierEntry struct {
	c     storage.Carrier
	typed bool   // the type came from the data, not the default
	where string // the row that set the type
}

// problem is a row problem before it is placed in a RowError.
type problem struct {
	field string
	fieldError
}

func newBuilder(file string, m *Mapping, codes map[string]*codeList, now time.Time) *builder {
	if now.IsZero() {
		now = time.Now().UTC()
	}
	return &builder{
		file: file, m: m, ev: &evaluator{m: m, codes: codes}, source: m.Source, now: now,
		keys: map[string]*sourceRecord{}, ids: map[string]string{}, carriers: map[string]*carrierEntry{},
	}
}

// add processes one row; a rejected row only adds to Result.Rejected.
func (b *builder) add(rec *sourceRecord) {
	b.res.Rows++
	if rec.err != "" {
		b.reject(rec, "", []problem{{fieldError: fieldError{reason: rec.err}}})
		return
	}
	key, ps := b.readKey(rec)
	// The draft is reused from row to row; everything kept is copied out.
	d := &b.draft
	*d = draft{cols: d.cols[:0], groups: d.groups[:0]}
	var failed map[string]bool
	for _, r := range b.m.rules {
		v, col, ok, fe := b.ev.eval(r, rec.data)
		switch {
		case fe != nil:
			ps = append(ps, problem{field: r.field, fieldError: *fe})
			if failed == nil {
				failed = map[string]bool{}
			}
			failed[r.field] = true
		case ok:
			r.tgt.set(d, r, v)
			d.cols = append(d.cols, fieldCol{r.field, col})
		}
	}
	if b.m.Target == TargetPlaces {
		p, more := b.finishPlace(rec, d, failed)
		ps = append(ps, more...)
		if len(ps) == 0 {
			p.ID, p.Demo = b.id(key), b.demo
			b.res.Batch.Places = append(b.res.Batch.Places, p)
			return
		}
	} else {
		k, more := b.finishKita(rec, d, failed)
		ps = append(ps, more...)
		if len(ps) == 0 {
			if p, ok := b.acceptKita(&k, key, d, rec); !ok {
				ps = append(ps, p)
			} else {
				return
			}
		}
	}
	b.reject(rec, key, ps)
}

// readKey reads the row's source key and checks that it, and the id made
// from it, are unique in the file.
func (b *builder) readKey(rec *sourceRecord) (string, []problem) {
	c, ok := rec.data.value(b.m.key)
	key := normText(c.text)
	switch {
	case !ok || key == "":
		return "", []problem{{field: "key", fieldError: fieldError{column: b.m.key, reason: "is empty; every row needs a stable key"}}}
	case c.isList || c.object:
		return "", []problem{{field: "key", fieldError: fieldError{column: b.m.key, reason: "is not a single value"}}}
	}
	if first, dup := b.keys[key]; dup {
		return key, []problem{{field: "key", fieldError: fieldError{column: b.m.key, value: key,
			reason: fmt.Sprintf("duplicate key %s (first used on %s)", short(key), b.where(first))}}}
	}
	// Keep only the position: the record's fields are reused by the reader.
	b.keys[key] = &sourceRecord{line: rec.line, index: rec.index}
	id := b.id(key)
	if other, clash := b.ids[id]; clash {
		return key, []problem{{field: "key", fieldError: fieldError{column: b.m.key, value: key,
			reason: fmt.Sprintf("key %s gives the id %q, as key %s does", short(key), id, short(other))}}}
	}
	b.ids[id] = key
	return key, nil
}

// id is <source>-<slug(key)>; the native format's keys are ids already.
func (b *builder) id(key string) string {
	if b.m.native {
		return slug(key)
	}
	return b.source + "-" + slug(key)
}

func (b *builder) where(rec *sourceRecord) string {
	if rec.index > 0 {
		return fmt.Sprintf("%s %d", b.unitName(), rec.index)
	}
	return fmt.Sprintf("line %d", rec.line)
}

func (b *builder) unitName() string {
	if b.unit == "" {
		return "record"
	}
	return b.unit
}

// acceptKita completes a valid Kita and registers its carrier. A carrier
// whose type disagrees with an earlier row is a problem of this row: one
// carrier has one type, and a disagreement usually means a shifted code list.
func (b *builder) acceptKita(k *storage.Kita, key string, d *draft, rec *sourceRecord) (problem, bool) {
	k.ID = b.id(key)
	k.SourceKey = b.source + ":" + key
	k.Demo = b.demo
	k.UpdatedAt = b.now
	if d.carrierName != "" {
		id := b.source + "-c-" + slug(d.carrierName)
		e, seen := b.carriers[id]
		switch {
		case !seen:
			e = &carrierEntry{c: storage.Carrier{ID: id, Name: d.carrierName, Type: domain.CarrierFrei}}
			b.carriers[id] = e
			b.order = append(b.order, id)
		case d.carrierType != "" && e.typed && e.c.Type != d.carrierType:
			return problem{field: "carrier.type", fieldError: fieldError{column: d.colOf("carrier.type"), value: d.carrierType,
				reason: fmt.Sprintf("%s differs from the type %q that carrier %q has on %s", short(d.carrierType), e.c.Type, e.c.Name, e.where)}}, false
		}
		if d.carrierType != "" && !e.typed {
			e.c.Type, e.typed, e.where = d.carrierType, true, b.where(rec)
		}
		k.CarrierID = id
	}
	b.res.Batch.Kitas = append(b.res.Batch.Kitas, *k)
	return problem{}, true
}

func (b *builder) reject(rec *sourceRecord, key string, ps []problem) {
	b.res.bad++
	for _, p := range ps {
		b.res.Rejected = append(b.res.Rejected, &RowError{
			File: b.file, Line: rec.line, Feature: rec.index, Key: key, Field: p.field,
			Column: p.column, Value: p.value, Reason: p.reason, unit: b.unit,
		})
	}
}

// partial is what the builder collected; finalize decides whether it stands.
func (b *builder) partial() *Result {
	res := &b.res
	for _, id := range b.order {
		res.Batch.Carriers = append(res.Batch.Carriers, b.carriers[id].c)
	}
	return res
}
