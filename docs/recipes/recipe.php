<?php
// A WeCom call flow with PHP's curl extension, against wecom-mock.
//
// Base URL:      WECOM_API_BASE=http://127.0.0.1:8080 php recipe.php
// Interception:  HTTPS_PROXY=http://127.0.0.1:8080 php -d curl.cainfo=$CA recipe.php
// (libcurl reads HTTPS_PROXY itself; curl.cainfo may also go in php.ini.)
$base = getenv('WECOM_API_BASE') ?: 'https://qyapi.weixin.qq.com';
[$corpid, $secret, $agentid] = ['wwmockcorp000001', 'mock-app-secret', 1000002];

function call(string $path, array $query, ?array $body = null): array
{
    global $base;
    $ch = curl_init($base . $path . '?' . http_build_query($query));
    curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_TIMEOUT => 10]);
    if ($body !== null) {
        curl_setopt($ch, CURLOPT_POSTFIELDS, json_encode($body, JSON_UNESCAPED_UNICODE));
        curl_setopt($ch, CURLOPT_HTTPHEADER, ['Content-Type: application/json']);
    }
    $raw = curl_exec($ch);
    if ($raw === false) {
        fwrite(STDERR, "$path: " . curl_error($ch) . "\n");
        exit(1);
    }
    $answer = json_decode($raw, true);
    if (($answer['errcode'] ?? null) !== 0) {
        fwrite(STDERR, "$path: $raw\n");
        exit(1);
    }
    return $answer;
}

$token = call('/cgi-bin/gettoken', ['corpid' => $corpid, 'corpsecret' => $secret])['access_token'];
$user = call('/cgi-bin/user/get', ['access_token' => $token, 'userid' => 'zhangsan']);
call('/cgi-bin/message/send', ['access_token' => $token],
    ['touser' => 'zhangsan', 'msgtype' => 'text', 'agentid' => $agentid, 'text' => ['content' => 'hello from php']]);
echo "ok {$user['name']}\n";
