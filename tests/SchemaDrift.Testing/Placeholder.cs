namespace SchemaDrift.Testing;
