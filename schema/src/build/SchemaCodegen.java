import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jooq.codegen.GenerationTool;
import org.jooq.meta.jaxb.Configuration;
import org.jooq.meta.jaxb.Database;
import org.jooq.meta.jaxb.Generate;
import org.jooq.meta.jaxb.Generator;
import org.jooq.meta.jaxb.Jdbc;
import org.jooq.meta.jaxb.Target;

/**
 * Build step of the schema module: migrates a throw-away embedded PostgreSQL with the project's
 * Flyway migrations and generates the jOOQ classes from what PostgreSQL then reports, so the
 * generated code can never drift from the SQL. Runs as a single-file program (no Docker needed).
 * Skips the work when the migrations are unchanged since the last generation.
 * Arguments: migration directory, output source directory, scratch PostgreSQL directory.
 */
public class SchemaCodegen {
    static final String PACKAGE = "org.mailstore.schema.jooq";

    public static void main(String[] args) throws Exception {
        Path migrations = Path.of(args[0]);
        Path out = Path.of(args[1]);
        Path pgDir = Path.of(args[2]);
        Path stamp = out.resolve(".migrations.sha256");
        String digest = digestOf(migrations);
        if (Files.exists(stamp) && Files.readString(stamp).equals(digest)) {
            System.out.println("[schema] jOOQ classes up to date with migrations");
            return;
        }
        deleteTree(out);
        deleteTree(pgDir);
        Files.createDirectories(pgDir);
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder()
                .setDataDirectory(pgDir.resolve("data"))
                .setCleanDataDirectory(true)
                .setOverrideWorkingDirectory(pgDir.toFile())
                .start()) {
            String url = pg.getJdbcUrl("postgres", "postgres");
            Flyway.configure().dataSource(url, "postgres", null)
                    .locations("filesystem:" + migrations.toAbsolutePath())
                    .load().migrate();
            GenerationTool.generate(new Configuration()
                    .withJdbc(new Jdbc().withDriver("org.postgresql.Driver").withUrl(url).withUser("postgres"))
                    .withGenerator(new Generator()
                            .withDatabase(new Database()
                                    .withName("org.jooq.meta.postgres.PostgresDatabase")
                                    .withInputSchema("public")
                                    .withExcludes("flyway_schema_history"))
                            .withGenerate(new Generate().withJavaTimeTypes(true).withGeneratedAnnotation(false))
                            .withTarget(new Target().withPackageName(PACKAGE).withDirectory(out.toString()))));
        }
        Files.writeString(stamp, digest);
        deleteTree(pgDir);
    }

    static String digestOf(Path dir) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                sha.update(f.getFileName().toString().getBytes());
                sha.update(Files.readAllBytes(f));
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) return;
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }
}
