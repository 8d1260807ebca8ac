// A WeCom call flow with the JDK's java.net.http (Java 11 or later, no
// libraries), against wecom-mock. Run the single file with `java Recipe.java`.
//
// Base URL:      WECOM_API_BASE=http://127.0.0.1:8080 java Recipe.java
// Interception:  keytool -importcert -noprompt -alias wecom-mock -file "$CA" -keystore mock-trust.p12 -storepass changeit
//                java -Dhttps.proxyHost=127.0.0.1 -Dhttps.proxyPort=8080 \
//                  -Djavax.net.ssl.trustStore=mock-trust.p12 -Djavax.net.ssl.trustStorePassword=changeit Recipe.java
import java.io.PrintStream;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Recipe {
    static final String BASE = System.getenv().getOrDefault("WECOM_API_BASE", "https://qyapi.weixin.qq.com");
    static final String CORPID = "wwmockcorp000001", SECRET = "mock-app-secret";
    static final int AGENTID = 1000002;

    // The proxy of -Dhttps.proxyHost/-Dhttps.proxyPort, if given.
    static final HttpClient HTTP = HttpClient.newBuilder()
            .proxy(ProxySelector.getDefault())
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    static String call(String path, String query, String body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(BASE + path + "?" + query))
                .timeout(Duration.ofSeconds(10));
        if (body != null) {
            req.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        }
        String answer = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)).body();
        if (!"0".equals(field(answer, "errcode"))) {
            throw new IllegalStateException(path + ": " + answer);
        }
        return answer;
    }

    // field reads one top-level string or number; use your JSON library.
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":\\s*(\"([^\"]*)\"|(-?\\d+))").matcher(json);
        return m.find() ? (m.group(2) != null ? m.group(2) : m.group(3)) : null;
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    public static void main(String[] args) throws Exception {
        String token = field(call("/cgi-bin/gettoken", "corpid=" + q(CORPID) + "&corpsecret=" + q(SECRET), null), "access_token");
        String user = call("/cgi-bin/user/get", "access_token=" + q(token) + "&userid=zhangsan", null);
        call("/cgi-bin/message/send", "access_token=" + q(token),
                "{\"touser\":\"zhangsan\",\"msgtype\":\"text\",\"agentid\":" + AGENTID
                        + ",\"text\":{\"content\":\"hello from java\"}}");
        new PrintStream(System.out, true, StandardCharsets.UTF_8).println("ok " + field(user, "name"));
    }
}
