package planner

// pruneColumns removes every column no consumer reads: unused projections
// disappear and scans read fewer columns. A WatermarkAssign keeps its time
// column and the columns its expression reads; a Join keeps its keys, time
// columns and the columns of its residual condition.
func pruneColumns(root Node) (Node, bool) {
	need := make([]bool, len(root.Schema()))
	for i := range need {
		need[i] = true
	}
	n, _, changed := prune(root, need)
	return n, changed
}

// prune rewrites n so that it produces at least the needed columns. It
// returns the new node, the mapping from n's old output columns to the new
// node's columns (-1 for a dropped column) and whether anything changed.
func prune(n Node, need []bool) (Node, []int, bool) {
	switch n := n.(type) {
	case *Scan:
		var cols []int
		m := make([]int, len(n.Columns))
		for i, c := range n.Columns {
			m[i] = -1
			if need[i] {
				m[i] = len(cols)
				cols = append(cols, c)
			}
		}
		if len(cols) == 0 {
			m[0], cols = 0, n.Columns[:1]
		}
		return &Scan{Table: n.Table, Columns: cols}, m, len(cols) < len(n.Columns)
	case *Filter:
		childNeed := append([]bool(nil), need...)
		colsUsed(n.Cond, childNeed)
		in, m, changed := prune(n.Input, childNeed)
		return &Filter{Input: in, Cond: remap(n.Cond, m, in.Schema())}, m, changed
	case *WatermarkAssign:
		childNeed := append([]bool(nil), need...)
		childNeed[n.TimeCol] = true
		colsUsed(n.Expr, childNeed)
		in, m, changed := prune(n.Input, childNeed)
		return &WatermarkAssign{Input: in, TimeCol: m[n.TimeCol], Expr: remap(n.Expr, m, in.Schema()), Table: n.Table}, m, changed
	case *Project:
		return pruneProject(n, need)
	case *Union:
		return pruneUnion(n, need)
	case *Join:
		return pruneJoin(n, need)
	case *WindowTVF:
		width := len(n.Input.Schema())
		childNeed := append([]bool(nil), need[:width]...)
		childNeed[n.TimeCol] = true
		if src, _ := timeSource(n.Input, n.TimeCol); src != nil && src.Options[OptionLateRowsTable] != "" {
			// Late rows are written whole: keep every column the late-rows
			// table may want by name.
			for i := range childNeed {
				childNeed[i] = true
			}
		}
		for _, e := range n.PartitionBy {
			colsUsed(e, childNeed)
		}
		in, cm, changed := prune(n.Input, childNeed)
		s := in.Schema()
		parts := make([]Expr, len(n.PartitionBy))
		for i, e := range n.PartitionBy {
			parts[i] = remap(e, cm, s)
		}
		out := &WindowTVF{Input: in, Kind: n.Kind, TimeCol: cm[n.TimeCol], SizeMillis: n.SizeMillis,
			SlideMillis: n.SlideMillis, OffsetMillis: n.OffsetMillis, PartitionBy: parts, Pos: n.Pos}
		m := append(append([]int(nil), cm...), len(s), len(s)+1, len(s)+2)
		return out, m, changed
	case *Aggregate:
		childNeed := make([]bool, len(n.Input.Schema()))
		for _, k := range n.Keys {
			colsUsed(k, childNeed)
		}
		for _, a := range n.Aggs {
			for _, e := range a.Args {
				colsUsed(e, childNeed)
			}
			if a.Filter != nil {
				colsUsed(a.Filter, childNeed)
			}
		}
		in, cm, changed := prune(n.Input, childNeed)
		s := in.Schema()
		out := &Aggregate{Input: in, KeyNames: n.KeyNames, Pos: n.Pos, StateTTL: n.StateTTL, TTLPos: n.TTLPos}
		for _, k := range n.Keys {
			out.Keys = append(out.Keys, remap(k, cm, s))
		}
		for _, a := range n.Aggs {
			c := a
			c.Args = nil
			for _, e := range a.Args {
				c.Args = append(c.Args, remap(e, cm, s))
			}
			if a.Filter != nil {
				c.Filter = remap(a.Filter, cm, s)
			}
			out.Aggs = append(out.Aggs, c)
		}
		return out, identity(len(n.Schema())), changed
	case *Sink:
		all := make([]bool, len(n.Input.Schema()))
		for i := range all {
			all[i] = true
		}
		in, _, changed := prune(n.Input, all)
		return &Sink{Input: in, Table: n.Table, Columns: n.Columns, Pos: n.Pos}, identity(len(all)), changed
	}
	if p, ok := n.(pruner); ok {
		return p.prune(need)
	}
	return n, identity(len(n.Schema())), false
}

// pruner is implemented by logical nodes that prune their own inputs:
// prune returns a node producing at least the needed columns, the mapping
// from n's output columns to the new node's (-1: dropped) and whether
// anything changed. Nodes without it keep their inputs whole.
type pruner interface {
	prune(need []bool) (Node, []int, bool)
}

func identity(n int) []int {
	m := make([]int, n)
	for i := range m {
		m[i] = i
	}
	return m
}

func pruneProject(n *Project, need []bool) (Node, []int, bool) {
	var kept []int
	for i := range n.Exprs {
		if need[i] {
			kept = append(kept, i)
		}
	}
	if len(kept) == 0 {
		kept = []int{0}
	}
	childNeed := make([]bool, len(n.Input.Schema()))
	for _, i := range kept {
		colsUsed(n.Exprs[i], childNeed)
	}
	in, cm, changed := prune(n.Input, childNeed)
	s := in.Schema()
	m := make([]int, len(n.Exprs))
	for i := range m {
		m[i] = -1
	}
	out := &Project{Input: in}
	for j, i := range kept {
		m[i] = j
		out.Exprs = append(out.Exprs, remap(n.Exprs[i], cm, s))
		out.Names = append(out.Names, n.Names[i])
	}
	return out, m, changed || len(kept) < len(n.Exprs)
}

// pruneUnion prunes every input to exactly the needed columns, adding a
// selecting Project where an input keeps more (a filter's inputs).
func pruneUnion(n *Union, need []bool) (Node, []int, bool) {
	m := make([]int, len(need))
	var want []int
	for i, nd := range need {
		m[i] = -1
		if nd {
			m[i] = len(want)
			want = append(want, i)
		}
	}
	if len(want) == 0 {
		want, m[0] = []int{0}, 0
		need = append([]bool(nil), need...)
		need[0] = true
	}
	changed := len(want) < len(need)
	out := &Union{}
	for _, in := range n.Inputs {
		c, cm, ch := prune(in, need)
		changed = changed || ch
		s := c.Schema()
		sel := &Project{Input: c}
		for _, i := range want {
			sel.Exprs = append(sel.Exprs, colRef(s, cm[i]))
			sel.Names = append(sel.Names, s[cm[i]].Name)
		}
		if isIdentity(sel.Exprs, s) {
			out.Inputs = append(out.Inputs, c)
		} else {
			out.Inputs = append(out.Inputs, sel)
		}
	}
	return out, m, changed
}
