package allocation

// holder is a child holding a seat, with its priority key at that Kita.
type holder struct {
	key   uint64
	child int32
}

// The seats of one Kita-group slot form a min-heap on key: the holder with
// the lowest priority sits on top, ready to be displaced.

func heapUp(h []holder, i int) {
	for i > 0 {
		parent := (i - 1) / 2
		if h[parent].key <= h[i].key {
			return
		}
		h[parent], h[i] = h[i], h[parent]
		i = parent
	}
}

func heapDown(h []holder, i int) {
	n := len(h)
	for {
		least := i
		if l := 2*i + 1; l < n && h[l].key < h[least].key {
			least = l
		}
		if r := 2*i + 2; r < n && h[r].key < h[least].key {
			least = r
		}
		if least == i {
			return
		}
		h[i], h[least] = h[least], h[i]
		i = least
	}
}
