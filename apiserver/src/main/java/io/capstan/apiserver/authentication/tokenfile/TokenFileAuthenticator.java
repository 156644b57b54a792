package io.capstan.apiserver.authentication.tokenfile;

import io.capstan.apiserver.authentication.AuthenticationResponse;
import io.capstan.apiserver.authentication.TokenAuthenticator;
import io.capstan.apiserver.authentication.UserInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Static bearer tokens from {@code --token-auth-file}, as upstream's {@code tokenfile.NewCSV}: one CSV record
 * per line, {@code token,user,uid[,"group1,group2"]}. Records with an empty token are skipped; a later record
 * for the same token replaces an earlier one. Tokens not in the file are not recognised.
 */
public final class TokenFileAuthenticator implements TokenAuthenticator {
    private static final Logger LOG = Logger.getLogger(TokenFileAuthenticator.class.getName());
    private final Map<String, UserInfo> tokens;

    private TokenFileAuthenticator(Map<String, UserInfo> tokens) {
        this.tokens = Map.copyOf(tokens);
    }

    /**
     * @throws IllegalArgumentException when a record has fewer than three columns or the CSV is malformed
     * @throws IOException              when the file cannot be read
     */
    public static TokenFileAuthenticator read(Path file) throws IOException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** Parses the file's content; {@code source} names it in errors. */
    public static TokenFileAuthenticator parse(String csv, String source) {
        Map<String, UserInfo> tokens = new HashMap<>();
        for (List<String> record : Csv.records(csv, source)) {
            if (record.size() < 3) {
                throw new IllegalArgumentException("token file '" + source
                        + "' must have at least 3 columns (token, user name, user uid), found " + record.size());
            }
            String token = record.get(0);
            if (token.isEmpty()) {
                LOG.warning("empty token has been found in token file");
                continue;
            }
            List<String> groups = new ArrayList<>();
            if (record.size() >= 4) {
                for (String g : record.get(3).split(",")) {
                    String t = g.strip();
                    if (!t.isEmpty()) {
                        groups.add(t);
                    }
                }
            }
            if (tokens.containsKey(token)) {
                LOG.warning("duplicate token has been found in token file '" + source + "'");
            }
            tokens.put(token, new UserInfo(record.get(1), record.get(2), groups, Map.of()));
        }
        return new TokenFileAuthenticator(tokens);
    }

    @Override
    public Optional<AuthenticationResponse> authenticateToken(String token, List<String> audiences) {
        UserInfo user = tokens.get(token);
        return user == null ? Optional.empty() : Optional.of(AuthenticationResponse.of(user));
    }
}
