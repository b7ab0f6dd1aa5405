-- Matrix joins the platforms. SQLite stores the enum as TEXT: nothing to change in the tables.
SELECT 1;
