package msgbody

import "encoding/json"

// mediaTypes are the msgtypes that carry one media_id; their missing object
// answers 40007 like a missing id.
var mediaTypes = map[string]bool{"image": true, "voice": true, "video": true, "file": true}

type mediaRef struct {
	MediaID string `json:"media_id"`
}

// checkMediaID: the id must name the corp's unexpired media (40007).
func checkMediaID(id string, media MediaExists) error {
	if id == "" || !media(id) {
		return errInvalidMediaID
	}
	return nil
}

// checkMediaRef is image, voice and file: media_id only.
func checkMediaRef(raw json.RawMessage, media MediaExists) (Payload, error) {
	var r mediaRef
	if err := decode(raw, &r); err != nil {
		return Payload{}, err
	}
	return Payload{}, checkMediaID(r.MediaID, media)
}

// checkVideo: media_id; title (128 bytes) and description (512 bytes) are
// optional and WeCom cuts them to their limits itself, so no length is
// refused.
func checkVideo(raw json.RawMessage, media MediaExists) (Payload, error) {
	var v struct {
		MediaID     string `json:"media_id"`
		Title       string `json:"title"`
		Description string `json:"description"`
	}
	if err := decode(raw, &v); err != nil {
		return Payload{}, err
	}
	return Payload{}, checkMediaID(v.MediaID, media)
}
