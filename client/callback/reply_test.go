package callback_test

import (
	"encoding/xml"
	"errors"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/callback"
)

const replyHeader = "<xml><ToUserName><![CDATA[mycreate]]></ToUserName><FromUserName><![CDATA[wx5823bf96d3bd56c7]]></FromUserName><CreateTime>1348831860</CreateTime>"

func TestReplyXML(t *testing.T) {
	tests := []struct {
		name  string
		reply callback.Reply
		want  string
	}{
		{"text", callback.TextReply("this is a test"),
			replyHeader + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content></xml>"},
		{"empty text keeps CDATA", callback.TextReply(""),
			replyHeader + "<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[]]></Content></xml>"},
		{"image", callback.ImageReply("media_id"),
			replyHeader + "<MsgType><![CDATA[image]]></MsgType><Image><MediaId><![CDATA[media_id]]></MediaId></Image></xml>"},
		{"voice", callback.VoiceReply("media_id"),
			replyHeader + "<MsgType><![CDATA[voice]]></MsgType><Voice><MediaId><![CDATA[media_id]]></MediaId></Voice></xml>"},
		{"video", callback.VideoReply("media_id", "title", "description"),
			replyHeader + "<MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[media_id]]></MediaId><Title><![CDATA[title]]></Title><Description><![CDATA[description]]></Description></Video></xml>"},
		{"news", callback.NewsReply(
			callback.Article{Title: "title1", Description: "description1", PicUrl: "picurl", Url: "url"},
			callback.Article{Title: "title2"}),
			replyHeader + "<MsgType><![CDATA[news]]></MsgType><ArticleCount>2</ArticleCount><Articles>" +
				"<item><Title><![CDATA[title1]]></Title><Description><![CDATA[description1]]></Description><PicUrl><![CDATA[picurl]]></PicUrl><Url><![CDATA[url]]></Url></item>" +
				"<item><Title><![CDATA[title2]]></Title><Description><![CDATA[]]></Description><PicUrl><![CDATA[]]></PicUrl><Url><![CDATA[]]></Url></item>" +
				"</Articles></xml>"},
		{"raw is verbatim", callback.RawReply([]byte("<xml><MsgType>update_button</MsgType></xml>")),
			"<xml><MsgType>update_button</MsgType></xml>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.reply.ReplyXML("mycreate", "wx5823bf96d3bd56c7", 1348831860)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

// Content with CDATA terminators and markup survives a round trip.
func TestTextReplyRoundTrip(t *testing.T) {
	for _, content := range []string{"a]]>b", "]]>", "]]]]>", "<b>&amp;</b>", "多行\n文本\t", "emoji 😀"} {
		out, err := callback.TextReply(content).ReplyXML("to", "from", 1)
		if err != nil {
			t.Fatal(err)
		}
		var got struct {
			ToUserName, FromUserName, MsgType, Content string
			CreateTime                                 int64
		}
		if err := xml.Unmarshal(out, &got); err != nil {
			t.Fatalf("%q: %v", out, err)
		}
		if got.Content != content || got.ToUserName != "to" || got.FromUserName != "from" || got.MsgType != "text" || got.CreateTime != 1 {
			t.Errorf("%q round-tripped to %+v", content, got)
		}
	}
}

func TestReplyXMLInvalid(t *testing.T) {
	for _, r := range []callback.Reply{
		callback.TextReply("nul \x00"),
		callback.TextReply("bad utf-8 \xff"),
		callback.ImageReply("\x1b"),
		callback.RawReply([]byte{0xff}),
	} {
		if _, err := r.ReplyXML("to", "from", 1); !errors.Is(err, callback.ErrInvalidReply) {
			t.Errorf("err = %v, want ErrInvalidReply", err)
		}
	}
	// The addressing is checked too.
	if _, err := callback.TextReply("ok").ReplyXML("to\x00", "from", 1); !errors.Is(err, callback.ErrInvalidReply) {
		t.Errorf("err = %v, want ErrInvalidReply", err)
	}
}
