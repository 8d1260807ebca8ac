// A WeCom call flow with Node's own http and https modules (Node 18 or
// later, no packages), against wecom-mock.
//
// Base URL:      WECOM_API_BASE=http://127.0.0.1:8080 node recipe.js
// Interception:  HTTPS_PROXY=http://127.0.0.1:8080 NODE_EXTRA_CA_CERTS=$CA node recipe.js
// (Node 24 and later: NODE_USE_ENV_PROXY=1 makes fetch do the CONNECT below.)
const http = require('node:http');
const https = require('node:https');
const tls = require('node:tls');

const BASE = process.env.WECOM_API_BASE || 'https://qyapi.weixin.qq.com';
const PROXY = process.env.HTTPS_PROXY || process.env.https_proxy;
const [CORPID, SECRET, AGENTID] = ['wwmockcorp000001', 'mock-app-secret', 1000002];

// tunnel is a TLS connection to host:port through the proxy's CONNECT.
function tunnel(host, port) {
  return new Promise((resolve, reject) => {
    const proxy = new URL(PROXY);
    const req = http.request({ host: proxy.hostname, port: proxy.port, method: 'CONNECT', path: `${host}:${port}` });
    req.on('connect', (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(new Error(`CONNECT ${host}: ${res.statusCode}`));
        return;
      }
      resolve(tls.connect({ socket, servername: host }));
    });
    req.on('error', reject);
    req.end();
  });
}

async function call(method, path, query, body) {
  const url = new URL(BASE + path + '?' + new URLSearchParams(query));
  const options = { method, headers: { 'Content-Type': 'application/json' }, timeout: 10000 };
  if (url.protocol === 'https:' && PROXY) {
    const socket = await tunnel(url.hostname, url.port || 443);
    options.createConnection = () => socket;
  }
  const answer = await new Promise((resolve, reject) => {
    const req = (url.protocol === 'https:' ? https : http).request(url, options, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('timeout', () => req.destroy(new Error(`${path}: timeout`)));
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
  if (answer.errcode !== 0) throw new Error(`${path}: ${JSON.stringify(answer)}`);
  return answer;
}

(async () => {
  const { access_token: token } = await call('GET', '/cgi-bin/gettoken', { corpid: CORPID, corpsecret: SECRET });
  const user = await call('GET', '/cgi-bin/user/get', { access_token: token, userid: 'zhangsan' });
  await call('POST', '/cgi-bin/message/send', { access_token: token },
    { touser: 'zhangsan', msgtype: 'text', agentid: AGENTID, text: { content: 'hello from node' } });
  console.log('ok', user.name);
})().catch((err) => {
  console.error(err.message);
  process.exit(1);
});
