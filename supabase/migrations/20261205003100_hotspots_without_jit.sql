-- The hotspots (private.need_clusters, …_places.sql) without PostgreSQL's JIT compilation.
--
-- Beyond 5,000 needs their grid pass reads every need of the window (a third of a million at a
-- million needs). The planner then costs the query far above jit_above_cost and
-- jit_optimize_above_cost, and compiling and optimising its expressions with LLVM took longer
-- than the pass itself: 1.4 s with JIT against 0.7 s without, at a million needs on the test
-- machine. The grid pass is one scan with simple arithmetic, which JIT cannot speed up enough
-- to repay a compilation on every call, so the function turns it off for its own statements.
alter function private.need_clusters(text,bigint[],boolean,integer,integer,integer) set jit = off;
