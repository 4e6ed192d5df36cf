/* The module needs a source file; the ABI is the header alone. */
