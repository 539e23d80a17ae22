package io.github.subnetsim.idempotency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Writes a ledger as JSON, for tools outside the JVM (the ledger proxy's file):
 * {@code {"keyHeader":…, "requests":13, "applied":1, "entries":[{"arrival":1, "key":…, "who":…, …}]}}.
 */
final class LedgerJson {

	private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

	private LedgerJson() {
	}

	static Map<String, Object> tree(IdempotencyLedger ledger) {
		List<LedgerEntry> entries = ledger.entries(); // one snapshot, so the counts and the list agree
		List<Map<String, Object>> rows = new ArrayList<>(entries.size());
		int applied = 0;
		for (LedgerEntry e : entries) {
			applied += e.applied() ? 1 : 0;
			Map<String, Object> row = new LinkedHashMap<>();
			row.put("arrival", e.arrival());
			row.put("key", e.key());
			row.put("keyState", e.keyState().name());
			row.put("keyValues", e.keyValues());
			row.put("source", e.source());
			row.put("replica", e.replica().isPresent() ? e.replica().getAsInt() : null);
			row.put("who", e.who());
			row.put("method", e.method());
			row.put("path", e.path());
			row.put("bodySha256", e.bodySha256());
			row.put("bodyBytes", e.bodyBytes());
			row.put("disposition", e.disposition().name());
			row.put("status", e.status());
			row.put("problem", e.problem());
			rows.add(row);
		}
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("keyHeader", ledger.keyHeader());
		root.put("requests", entries.size());
		root.put("applied", applied);
		root.put("entries", rows);
		return root;
	}

	/** Writes the file whole or not at all: a reader never sees half a ledger. */
	static Path write(IdempotencyLedger ledger, Path file) {
		Path target = file.toAbsolutePath();
		try {
			Files.createDirectories(target.getParent());
			Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
			try {
				JSON.writeValue(tmp.toFile(), tree(ledger));
				Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			finally {
				Files.deleteIfExists(tmp);
			}
			return target;
		}
		catch (IOException e) {
			throw new UncheckedIOException("could not write the ledger to " + target, e);
		}
	}
}
