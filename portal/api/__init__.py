"""The partner JSON API (/api/v1): the flows, one conversation step at a time, for partners'
apps and servers. Each partner calls it with a key of its own (`flask api-keys create`); the
person's answers travel in a sealed token, never in a cookie or the database."""
