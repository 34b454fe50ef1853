package adwarehouse

import (
	"bytes"
	"strconv"
	"time"
)

// idPrefix is the prefix of each kind's ids: s-1, c-1, g-1.
var idPrefix = [3]string{"s-", "c-", "g-"}

func (g *Generator) key(kind int, id int64) []byte {
	return strconv.AppendInt([]byte(idPrefix[kind]), id, 10)
}

// render appends ev as its topic's JSON object, fields in the ODS order.
func (g *Generator) render(b []byte, ev event, id int64) []byte {
	switch ev.kind {
	case kindShow:
		b = appendStr(b, `{"show_id":"s-`, id)
		b = g.appendAd(b, ev)
	case kindClick:
		b = appendStr(b, `{"click_id":"c-`, id)
		b = appendStr(b, `","show_id":"s-`, ev.showID)
		b = g.appendAd(b, ev)
	case kindCharge:
		b = appendStr(b, `{"charge_id":"g-`, id)
		b = appendStr(b, `","click_id":"c-`, ev.clickID)
		b = appendStr(b, `","advertiser_id":`, ev.ad.AdvertiserID)
		b = appendStr(b, `,"campaign_id":`, ev.ad.CampaignID)
		b = append(b, `,"amount":`...)
		b = appendCents(b, ev.ad.BidCents)
		b = append(b, `,"ts":"`...)
	}
	b = appendTime(b, ev.ts)
	return append(b, `"}`...)
}

// appendAd appends the ad, city and user fields of shows and clicks and
// opens the ts field.
func (g *Generator) appendAd(b []byte, ev event) []byte {
	b = appendStr(b, `","ad_id":`, ev.ad.ID)
	b = appendStr(b, `,"campaign_id":`, ev.ad.CampaignID)
	b = appendStr(b, `,"advertiser_id":`, ev.ad.AdvertiserID)
	b = append(b, `,"city":"`...)
	b = append(b, Cities[ev.city]...)
	b = appendStr(b, `","user_id":"u-`, ev.user)
	return append(b, `","ts":"`...)
}

func appendStr(b []byte, s string, n int64) []byte {
	return strconv.AppendInt(append(b, s...), n, 10)
}

// appendCents appends cents as a decimal with two places.
func appendCents(b []byte, cents int64) []byte {
	b = strconv.AppendInt(b, cents/100, 10)
	return append(b, '.', byte('0'+cents%100/10), byte('0'+cents%10))
}

// appendTime appends Unix ms as 'yyyy-MM-dd HH:mm:ss.SSS' in UTC.
func appendTime(b []byte, ms int64) []byte {
	t := time.UnixMilli(ms).UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	b = appendPad(b, y, 4)
	b = appendPad(append(b, '-'), int(mo), 2)
	b = appendPad(append(b, '-'), d, 2)
	b = appendPad(append(b, ' '), h, 2)
	b = appendPad(append(b, ':'), mi, 2)
	b = appendPad(append(b, ':'), s, 2)
	return appendPad(append(b, '.'), t.Nanosecond()/1e6, 3)
}

// appendPad appends n (non-negative) zero-padded to width digits.
func appendPad(b []byte, n, width int) []byte {
	var tmp [20]byte
	i := len(tmp)
	for n > 0 || len(tmp)-i < width {
		i--
		tmp[i] = byte('0' + n%10)
		n /= 10
	}
	return append(b, tmp[i:]...)
}

// Kinds of malformed records.
const (
	badTruncated = iota // not valid JSON: the object is cut short
	badTime             // "ts":"yesterday"
	badNumber           // a numeric id field holds "x"
	badKinds
)

// numericField is the numeric id field each kind's corrupt copy breaks.
var numericField = [3]string{`"ad_id":`, `"ad_id":`, `"advertiser_id":`}

// corrupt turns the valid rendering b of an event of kind into a
// malformed one, drawn among the malformed kinds.
func (g *Generator) corrupt(b []byte, kind int) []byte {
	switch g.rng.IntN(badKinds) {
	case badTruncated:
		// Any strict prefix of an object is invalid JSON.
		return b[:1+g.rng.IntN(len(b)-1)]
	case badTime:
		return replaceValue(b, `"ts":`, `"yesterday"`)
	default:
		return replaceValue(b, numericField[kind], `"x"`)
	}
}

// replaceValue replaces the value after field (a string or a number) with
// v; b is unchanged when field is missing.
func replaceValue(b []byte, field, v string) []byte {
	i := bytes.Index(b, []byte(field))
	if i < 0 {
		return b
	}
	start := i + len(field)
	end := start
	if end < len(b) && b[end] == '"' {
		end++
		for end < len(b) && b[end] != '"' {
			end++
		}
		end++
	} else {
		for end < len(b) && b[end] != ',' && b[end] != '}' {
			end++
		}
	}
	out := append([]byte(nil), b[:start]...)
	out = append(out, v...)
	return append(out, b[end:]...)
}
