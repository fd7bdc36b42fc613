-- Paths that must stay bounded at any number of needs: the sitemap's pages of needs.

-- The public needs of one file of the sitemap (sitemaps.org allows 50,000 URLs per file, and
-- each need is two URLs, Polish and English). The needs are split by the leading p_bits bits of
-- their id into 2^p_bits ranges; ids are random (gen_random_uuid), so every range holds about
-- the same share, and the primary key's index finds one range without reading the others.
-- Read as the caller (RLS), and only public needs.
create or replace function public.sitemap_needs(p_region text, p_bits integer, p_index integer)
returns json language plpgsql stable set search_path = '' as $$
declare
  v_region bigint := (select r.id from public.regions r where r.slug = p_region);
  v_lo uuid;
  v_hi uuid;
begin
  if p_bits is null or p_bits not between 0 and 20 or p_index is null
     or p_index not between 0 and (1 << p_bits) - 1 then
    raise exception using errcode = '22023', message = 'sitemap page out of range';
  end if;
  -- The first and last id of the range: the index in the top p_bits of the first 32 bits.
  v_lo := (lpad(to_hex(p_index::bigint << (32 - p_bits)), 8, '0')
    || '-0000-0000-0000-000000000000')::uuid;
  v_hi := (lpad(to_hex(((p_index::bigint + 1) << (32 - p_bits)) - 1), 8, '0')
    || '-ffff-ffff-ffff-ffffffffffff')::uuid;
  return coalesce((select json_agg(json_build_object('ref', n.ref, 'updated_at', n.updated_at)
      order by n.id)
    from public.needs n
    where n.id between v_lo and v_hi and n.region_id = v_region
      and private.is_public_need(n.status, n.hidden_at)), '[]'::json);
end
$$;

select private.grant_execute('anon, authenticated, service_role',
  'public.sitemap_needs(text,integer,integer)');

comment on function public.sitemap_needs(text,integer,integer) is 'The public needs of one sitemap file: those whose id falls in range p_index of 2^p_bits.';
