-- Full-text search over comments (Engage's inbox): their text and their author's name and handle, kept by triggers
-- so every writer (the fetchers, sync, triage) keeps it current without knowing it exists. Diacritics fold
-- ("cafe" finds "café"); rowid is the comment's.
CREATE VIRTUAL TABLE `comments_search` USING fts5(`text`, `author`, tokenize = 'unicode61 remove_diacritics 2');
--> statement-breakpoint
CREATE TRIGGER `comments_search_insert` AFTER INSERT ON `comments` BEGIN
  INSERT INTO `comments_search` (rowid, `text`, `author`)
  VALUES (new.rowid, new.`text`, coalesce(json_extract(new.`author`, '$.name'), '') || ' ' || coalesce(json_extract(new.`author`, '$.handle'), ''));
END;
--> statement-breakpoint
CREATE TRIGGER `comments_search_delete` AFTER DELETE ON `comments` BEGIN
  DELETE FROM `comments_search` WHERE rowid = old.rowid;
END;
--> statement-breakpoint
CREATE TRIGGER `comments_search_update` AFTER UPDATE OF `text`, `author` ON `comments` BEGIN
  DELETE FROM `comments_search` WHERE rowid = old.rowid;
  INSERT INTO `comments_search` (rowid, `text`, `author`)
  VALUES (new.rowid, new.`text`, coalesce(json_extract(new.`author`, '$.name'), '') || ' ' || coalesce(json_extract(new.`author`, '$.handle'), ''));
END;
--> statement-breakpoint
INSERT INTO `comments_search` (rowid, `text`, `author`)
SELECT rowid, `text`, coalesce(json_extract(`author`, '$.name'), '') || ' ' || coalesce(json_extract(`author`, '$.handle'), '') FROM `comments`;
