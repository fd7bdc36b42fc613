-- The zoom-18 cell counts of the map tiles (public.need_tile_cells) read from their primary key
-- alone.
--
-- A clustered tile reads a few thousand cell rows, one key range of the primary key; the rows
-- themselves lie wherever their first need's trigger wrote them, hundreds of heap pages apart
-- (604 pages for 4,234 rows of one zoom-14 tile at a million needs). While those pages are in
-- memory the tile takes 2-3 ms; after a restart each page is a read, and the slowest cold tile
-- took 190 ms. The key now carries the counts and sums too (INCLUDE), so the tile is an
-- index-only scan of the range: about 60 consecutive index pages (PostgreSQL reads the heap
-- only for pages changed since the last vacuum).
alter table public.need_tile_cells
  drop constraint need_tile_cells_pkey,
  add constraint need_tile_cells_pkey primary key (region_id, cell, kind, category, status)
    include (needs, lon_sum, lat_sum);
