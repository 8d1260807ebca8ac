# language: zh-CN
@hr
功能: 人事系统把组织架构同步到企业微信
  人事系统持有企业的通讯录同步 secret：用手机号查成员的 userid（user/getuserid），
  新建部门（department/create），按官方模板把成员写成 CSV 上传（media/upload），
  再用 batch/syncuser 导入——企业微信以每秒 100 行的速度执行任务，进度和结果从
  batch/getresult 查询——最后给新成员打标签（tag/create、tag/addtagusers）。
  应用用自己的 secret 读取可见范围（agent/get）和标签成员（tag/get），找到这些新成员。

  背景:
    假如默认的测试企业

  场景: 导入部门、给新成员打标签，应用找到他们
    假如应用 1000002 对企业 "wwmockcorp000001" 全员可见
    当人事系统查询手机号 "13800000001" 对应的 userid
    那么查到的 userid 是 "zhangsan"
    并且应用 1000002 看不到成员 "chenyi"
    当人事系统导入部门 "华东销售部"（ID 10，上级部门 1），成员如下：
      | 帐号   | 姓名 | 手机号      |
      | chenyi | 陈一 | 13900001001 |
      | zhouer | 周二 | 13900001002 |
    并且导入在 30 秒内完成
    并且人事系统给 "华东销售部" 的成员打上标签 "新员工"
    那么应用 1000002 能看到成员 "chenyi"
    并且应用 1000002 能看到成员 "zhouer"
    并且标签 "新员工" 的成员是 "chenyi"和"zhouer"
    当人事系统查询手机号 "13900001002" 对应的 userid
    那么查到的 userid 是 "zhouer"

  场景: 查询没有成员使用的手机号
    当人事系统查询手机号 "13900009999" 对应的 userid
    那么查询失败，错误码 46004
