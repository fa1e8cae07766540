-- Distributor numbers are searched from their start, in any case
-- (api.genealogy_search): a btree range on upper(distributor_number), not a
-- trigram scan ("D00012" shares its trigrams with every number).
create index idx_distributors_number_upper on public.distributors
  (upper(distributor_number) text_pattern_ops);
