-- The host's CPU architecture (X86_64, ARM64): which iPXE its boot image carries.
alter table host add architecture varchar(8) default 'X86_64' not null;
