"""A WeCom call flow with requests, against wecom-mock.

Base URL:      WECOM_API_BASE=http://127.0.0.1:8080 python3 recipe.py
Interception:  HTTPS_PROXY=http://127.0.0.1:8080 REQUESTS_CA_BUNDLE=$CA python3 recipe.py
"""
import os
import sys

import requests

BASE = os.environ.get("WECOM_API_BASE", "https://qyapi.weixin.qq.com")
CORPID, SECRET, AGENTID = "wwmockcorp000001", "mock-app-secret", 1000002


def call(method, path, **kwargs):
    answer = requests.request(method, BASE + path, timeout=10, **kwargs).json()
    if answer.get("errcode") != 0:
        sys.exit(f"{path}: {answer}")
    return answer


token = call("GET", "/cgi-bin/gettoken", params={"corpid": CORPID, "corpsecret": SECRET})["access_token"]
user = call("GET", "/cgi-bin/user/get", params={"access_token": token, "userid": "zhangsan"})
call("POST", "/cgi-bin/message/send", params={"access_token": token},
     json={"touser": "zhangsan", "msgtype": "text", "agentid": AGENTID, "text": {"content": "hello from python"}})
print("ok", user["name"])
