"""`make bench`: figures the open issues ask for, printed in one table (see README.md)."""
