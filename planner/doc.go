// Package planner turns parsed SQL into the physical operator graph the
// executor runs. It is the only place that knows both SQL semantics and the
// shape of a job.
//
// # From text to graph
//
// Take the catalog
//
//	CREATE TABLE clicks (user_id BIGINT, url STRING, ts TIMESTAMP(3),
//	  WATERMARK FOR ts AS ts - INTERVAL '5' SECOND) WITH ('connector' = 'kafka', ...);
//	CREATE TABLE out (user_id BIGINT, url STRING) WITH ('connector' = 'print');
//
// and the statement INSERT INTO out SELECT user_id, url FROM clicks WHERE
// user_id > 10. Planning goes through four steps.
//
// Binding (bind_*.go) resolves names against the catalog and types every
// expression. Scanning a table yields Scan (its physical and metadata
// columns), then a Project adding computed columns in declared order, then a
// WatermarkAssign when the table has a watermark. Views and WITH queries are
// expanded inline. Implicit conversions become explicit CAST calls, so that
// every Call gets exactly the argument types listed in Functions; the
// literal 10 compared with a BIGINT column becomes CAST(10 AS BIGINT). The
// INSERT adds a Project that casts each query column to its sink column's
// type, and a Sink. Mistakes are positioned *sql.Error values with
// suggestions ("column `user_di` not found in table `clicks`; did you mean
// `user_id`?"). A join becomes a Join when its condition relates the two
// sides by equal keys and bounds one side's event time by the other's (an
// interval join). Features that need more state (aggregation without a
// window, regular joins, ORDER BY, DISTINCT) are reported as "not
// supported yet" instead of being planned wrongly.
//
//	Sink(table=[out])
//	  Project(user_id, url)
//	    Filter(user_id > CAST(10 AS BIGINT))
//	      WatermarkAssign(rowtime=[ts])
//	        Scan(clicks: user_id, url, ts)
//
// Optimisation (rules.go) applies Rules to a fixpoint: constant folding
// (CAST(10 AS BIGINT) becomes 10), merging filters and projections, pushing
// filters toward the scan but never below a WatermarkAssign (the watermark
// must see every row), into the sides of a join where that keeps its result,
// and pruning columns so the source reads only what is used, keeping the
// watermark's inputs and a join's keys and time columns.
//
// Physical planning (build_physical.go) turns each tree into operators:
// Source, a Calc for computed columns, WatermarkAssigner, a Calc that fuses
// the filter and the projection, and Sink. All INSERTs of a job share one
// graph: a table read several times has one Source feeding every consumer
// (reading the union of the columns they need); a table with a watermark
// has one Calc and one WatermarkAssigner after it, computing every computed
// column any consumer uses, so its watermarks are generated once; other
// identical operators over the same input are shared too.
//
//	#0 Source(clicks: user_id, url, ts)
//	#1 WatermarkAssigner(#0, ts - INTERVAL '5' SECOND)
//	#2 Calc(#1, where user_id > 10, select user_id, url)
//	#3 Sink(#2, out)
//
// Explain prints all three levels. The entry points are PlanInserts,
// PlanQuery and Explain.
package planner
