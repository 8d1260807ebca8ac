package store

import (
	"errors"
	"slices"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// A group robot's sending limit
// (https://developer.work.weixin.qq.com/document/path/91770): at most
// RobotSendLimit messages in any RobotSendWindow of virtual time.
const (
	RobotSendLimit  = 20
	RobotSendWindow = time.Minute
)

// ErrRobotRateLimited: the robot has sent RobotSendLimit messages within the
// last RobotSendWindow (45009).
var ErrRobotRateLimited = errors.New("store: robot send frequency limit")

// Robot is a group robot of the world.
type Robot struct {
	CorpID string
	Key    string
	Name   string
	// Group is the fixtures' group the robot posts to, nil for none.
	Group *fixtures.RobotGroup
}

func indexRobots(w *fixtures.World) map[string]Robot {
	robots := map[string]Robot{}
	for _, c := range w.Corps {
		for _, r := range c.Robots {
			robots[r.Key] = Robot{CorpID: c.CorpID, Key: r.Key, Name: r.Name, Group: r.Group}
		}
	}
	return robots
}

// LookupRobot finds a group robot by its webhook key.
func (s *Store) LookupRobot(key string) (Robot, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.robots[key]
	return r, ok
}

// RobotSend is a checked webhook/send call.
type RobotSend struct {
	Robot   Robot
	MsgType string
	// Content is the text, markdown or markdown_v2 content.
	Content string
	Body    []byte
	// MentionedUsers and MentionedMobiles are text.mentioned_list and
	// text.mentioned_mobile_list; "@all" in either mentions everyone.
	MentionedUsers   []string
	MentionedMobiles []string
}

// SendRobotMessage delivers a robot's message to the inbox unless the robot
// has already sent RobotSendLimit messages in the RobotSendWindow before now
// (ErrRobotRateLimited; the refused call does not count). The message's
// recipients are the members it mentions; "@all" mentions the members of
// the robot's group, or of its whole corp when the fixtures give it none.
func (s *Store) SendRobotMessage(req RobotSend) (Message, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	sent := s.robotSends[req.Robot.Key]
	// Sends are in time order: drop those that have left the window.
	cut := 0
	for cut < len(sent) && !sent[cut].After(now.Add(-RobotSendWindow)) {
		cut++
	}
	sent = sent[cut:]
	if len(sent) >= RobotSendLimit {
		s.robotSends[req.Robot.Key] = sent
		return Message{}, ErrRobotRateLimited
	}
	// A fresh slice: the window never holds more than RobotSendLimit times.
	s.robotSends[req.Robot.Key] = append(slices.Clip(sent), now)

	m := &Message{
		Channel:  ChannelRobot,
		MsgID:    s.randomString(64),
		Time:     now,
		CorpID:   req.Robot.CorpID,
		MsgType:  req.MsgType,
		Content:  req.Content,
		Body:     slices.Clone(req.Body),
		RobotKey: req.Robot.Key,
	}
	if c := s.corps[req.Robot.CorpID]; c != nil {
		m.Resolution = c.mentions(req.Robot.Group, req.MentionedUsers, req.MentionedMobiles)
	}
	s.inbox.add(m, DefaultInboxSize, DefaultInboxBytes)
	return *m, nil
}

// mentions resolves a robot message's mentioned userids and mobiles to the
// corp's members: UserIDs as spelled in the fixtures, sorted; userids and
// mobiles that match nobody in InvalidUsers (userids lower-cased). "@all"
// is the group's members (those still in the corp), or every member.
func (c *corp) mentions(group *fixtures.RobotGroup, users, mobiles []string) Resolution {
	var res Resolution
	reached := map[string]string{}
	all := slices.Contains(users, "@all") || slices.Contains(mobiles, "@all")
	switch {
	case all && group != nil:
		for _, u := range group.Members {
			if m := c.memberLocked(u); m != nil {
				reached[strings.ToLower(m.UserID)] = m.UserID
			}
		}
	case all:
		for key, m := range c.members {
			reached[key] = m.UserID
		}
	}
	for _, u := range users {
		if u == "@all" {
			continue
		}
		key := strings.ToLower(u)
		if m := c.members[key]; m != nil {
			reached[key] = m.UserID
		} else if !slices.Contains(res.InvalidUsers, key) {
			res.InvalidUsers = append(res.InvalidUsers, key)
		}
	}
	for _, mobile := range mobiles {
		if mobile == "@all" {
			continue
		}
		found := false
		for key, m := range c.members {
			if m.Mobile != "" && m.Mobile == mobile {
				reached[key], found = m.UserID, true
			}
		}
		if !found && !slices.Contains(res.InvalidUsers, mobile) {
			res.InvalidUsers = append(res.InvalidUsers, mobile)
		}
	}
	res.UserIDs = sortedValues(reached)
	return res
}

// PutRobotMedia stores a webhook/upload_media file of robot r: like
// PutMedia, valid MediaTTL and bounded by the same budget, but usable only
// by r's webhook/send (RobotMedia), never by an app.
func (s *Store) PutRobotMedia(r Robot, typ, filename, contentType string, data []byte) Media {
	return s.putMedia(r.CorpID, r.Key, typ, filename, contentType, data)
}

// RobotMedia returns robot key's unexpired upload id: ErrMediaNotFound for
// an unknown or expired id, another robot's or an app's.
func (s *Store) RobotMedia(key, id string) (Media, error) {
	now := s.Now()
	s.mu.RLock()
	defer s.mu.RUnlock()
	m, ok := s.media.byID[id]
	if !ok || m.RobotKey == "" || m.RobotKey != key || !now.Before(m.ExpiresAt) {
		return Media{}, ErrMediaNotFound
	}
	return *m, nil
}
