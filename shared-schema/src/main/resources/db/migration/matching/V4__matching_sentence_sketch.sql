-- Near-duplicate detection by shared sentences (issue 18, measured by the labelled letters of
-- job-matching-service's DedupQualityTest). Comparing a letter's opening and closing found a copy
-- only when one of the two survived intact; a copy with its paragraphs reordered, its greeting and
-- sign-off changed, or typos spread through it was never compared at all.
--
-- A row's sentence sketch is the twelve smallest 64-bit hashes of its distinct sentences
-- (normalised text split at . ! ? and the ideographic full stop; sentences of 12 characters or
-- more), with the row's own company and position (or title) masked first, so "I am writing to
-- apply for the Backend Engineer position at Hanbit" hashes alike for every company. Two copies
-- of a letter share most sentences, in any order, so they share some of their twelve smallest
-- hashes. Detection pairs rows of one block that share a rare one: a hash found in more than 64
-- live rows, or one in a thousand, is a stock sentence ("thank you for considering my
-- application", or a template with the company's name in it) and pairs nobody.
--
-- Triggers keep it (a generated column added to a filled table would rewrite the whole table
-- under an exclusive lock). Rows from before this migration have none yet: the next dedup run fills
-- them, 5,000 per statement, before it detects anything.

CREATE FUNCTION ${flyway:defaultSchema}.sentence_sketch(p_content text, p_company text, p_position text) RETURNS bigint[]
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    SET search_path = pg_catalog
AS $$
    SELECT coalesce(array_agg(h ORDER BY h), '{}')
      FROM (SELECT DISTINCT ('x' || left(md5(s), 16))::bit(64)::bigint AS h
              FROM (SELECT ${flyway:defaultSchema}.normalize_text(p_content) AS t,
                           ${flyway:defaultSchema}.block_key(p_company) AS company,
                           ${flyway:defaultSchema}.block_key(p_position) AS position) k,
                   LATERAL (SELECT CASE WHEN k.company = '' THEN k.t ELSE replace(k.t, k.company, '@company') END AS t) c,
                   LATERAL (SELECT CASE WHEN k.position = '' THEN c.t ELSE replace(c.t, k.position, '@position') END AS t) p,
                   regexp_split_to_table(p.t, '[.!?。]+( |$)') AS s
             WHERE length(s) >= 12
             ORDER BY h
             LIMIT 12) smallest
$$;

ALTER TABLE ${flyway:defaultSchema}.cover_letter_samples ADD COLUMN sentence_sketch bigint[];
ALTER TABLE ${flyway:defaultSchema}.job_postings ADD COLUMN sentence_sketch bigint[];

-- The sketch of a new row, before it is stored.
CREATE FUNCTION ${flyway:defaultSchema}.cover_letter_sketch() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
BEGIN
    NEW.sentence_sketch := ${flyway:defaultSchema}.sentence_sketch(NEW.content, NEW.company, NEW.position);
    RETURN NEW;
END;
$$;

CREATE FUNCTION ${flyway:defaultSchema}.job_posting_sketch() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
BEGIN
    NEW.sentence_sketch := ${flyway:defaultSchema}.sentence_sketch(NEW.description, NEW.company, NEW.title);
    RETURN NEW;
END;
$$;

CREATE TRIGGER cover_letter_sketch BEFORE INSERT
    ON ${flyway:defaultSchema}.cover_letter_samples FOR EACH ROW EXECUTE FUNCTION ${flyway:defaultSchema}.cover_letter_sketch();
CREATE TRIGGER job_posting_sketch BEFORE INSERT
    ON ${flyway:defaultSchema}.job_postings FOR EACH ROW EXECUTE FUNCTION ${flyway:defaultSchema}.job_posting_sketch();

-- A row whose text, company or position changes is sketched again, after the update. Not before:
-- with any BEFORE UPDATE row trigger on a table, even one limited to these columns, PostgreSQL
-- recomputes every stored generated column on every update of the table (the URL and fingerprint
-- normalisation, about 0.1 ms a row: a merge's soft delete of 2,000 rows went from 86 to 280 ms).
CREATE FUNCTION ${flyway:defaultSchema}.cover_letter_resketch() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
BEGIN
    UPDATE ${flyway:defaultSchema}.cover_letter_samples
       SET sentence_sketch = ${flyway:defaultSchema}.sentence_sketch(NEW.content, NEW.company, NEW.position)
     WHERE id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE FUNCTION ${flyway:defaultSchema}.job_posting_resketch() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog
AS $$
BEGIN
    UPDATE ${flyway:defaultSchema}.job_postings
       SET sentence_sketch = ${flyway:defaultSchema}.sentence_sketch(NEW.description, NEW.company, NEW.title)
     WHERE id = NEW.id;
    RETURN NULL;
END;
$$;

CREATE TRIGGER cover_letter_resketch AFTER UPDATE OF content, company, position
    ON ${flyway:defaultSchema}.cover_letter_samples FOR EACH ROW EXECUTE FUNCTION ${flyway:defaultSchema}.cover_letter_resketch();
CREATE TRIGGER job_posting_resketch AFTER UPDATE OF description, company, title
    ON ${flyway:defaultSchema}.job_postings FOR EACH ROW EXECUTE FUNCTION ${flyway:defaultSchema}.job_posting_resketch();

-- The opening and closing hashes served the detection this replaces, and nothing else.
DROP INDEX ${flyway:defaultSchema}.job_postings_block_head_live, ${flyway:defaultSchema}.job_postings_block_tail_live,
           ${flyway:defaultSchema}.cover_letters_block_head_live, ${flyway:defaultSchema}.cover_letters_block_tail_live;
ALTER TABLE ${flyway:defaultSchema}.job_postings DROP COLUMN head_hash, DROP COLUMN tail_hash;
ALTER TABLE ${flyway:defaultSchema}.cover_letter_samples DROP COLUMN head_hash, DROP COLUMN tail_hash;
DROP FUNCTION ${flyway:defaultSchema}.head_hash(text), ${flyway:defaultSchema}.tail_hash(text);
