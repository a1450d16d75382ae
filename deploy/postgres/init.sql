-- One database per service; no service reads another's tables.
CREATE DATABASE metadata;
CREATE DATABASE storage;
CREATE DATABASE links;
