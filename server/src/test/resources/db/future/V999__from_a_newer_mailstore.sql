-- A migration this build does not ship: stands for a database last migrated by a newer mailstore.
CREATE TABLE from_a_newer_mailstore (id bigint);
