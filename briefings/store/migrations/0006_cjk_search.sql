-- Revises: 0005
-- Creation Date: 2026-11-29
-- Reason: search could not find Chinese, Japanese, Korean or Thai text: FTS5's unicode61
--         tokenizer keeps a whole run of such characters (a clause, often a sentence) as
--         one token, so no word inside it matched. A second FTS5 index holds each run as
--         overlapping two-character tokens (plus the run's last character), written by
--         the connection function cjk_bigrams() that the store registers on every
--         connection (briefings.text.cjk_bigrams); a query word of two or more such
--         characters becomes a phrase of its bigrams. Rows of articles without such
--         characters are empty. Latin words glued to a run ('DeepMind开发') are held there
--         too, since the word index sees them only inside one long token. The word
--         index keeps folding accents (unicode61 remove_diacritics 2) as before.
--         Existing articles are indexed here.
CREATE VIRTUAL TABLE articles_cjk USING fts5(
    title, text, tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO articles_cjk(rowid, title, text)
    SELECT id, cjk_bigrams(title), cjk_bigrams(text) FROM articles;
CREATE TRIGGER articles_cjk_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_cjk(rowid, title, text)
        VALUES (new.id, cjk_bigrams(new.title), cjk_bigrams(new.text));
END;
CREATE TRIGGER articles_cjk_ad AFTER DELETE ON articles BEGIN
    DELETE FROM articles_cjk WHERE rowid = old.id;
END;
CREATE TRIGGER articles_cjk_au AFTER UPDATE OF title, text ON articles BEGIN
    DELETE FROM articles_cjk WHERE rowid = old.id;
    INSERT INTO articles_cjk(rowid, title, text)
        VALUES (new.id, cjk_bigrams(new.title), cjk_bigrams(new.text));
END;
