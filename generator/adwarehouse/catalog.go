package adwarehouse

import (
	"math"
	"math/rand/v2"
	"sort"
)

// Cities are the marketplace's cities, most popular first.
var Cities = []string{
	"Shanghai", "Beijing", "Shenzhen", "Guangzhou", "Chengdu",
	"Hangzhou", "Chongqing", "Wuhan", "Xian", "Suzhou",
	"Nanjing", "Tianjin", "Changsha", "Zhengzhou", "Dongguan",
	"Qingdao", "Shenyang", "Ningbo", "Kunming", "Hefei",
}

// Ad is one ad of the catalog.
type Ad struct {
	// ID, CampaignID and AdvertiserID identify the ad and its owners:
	// advertiser 1000+a, campaign advertiser*100+c, ad campaign*100+k.
	ID, CampaignID, AdvertiserID int64
	// BidCents is the price of one click in cents, 10..500.
	BidCents int64
	// CTR is the probability that a show of the ad is clicked, 0.01..0.08.
	CTR float64
}

// Advertiser is one advertiser of the catalog: a local business with a
// home city where most of its ads are shown.
type Advertiser struct {
	// ID is the advertiser id.
	ID int64
	// City indexes Cities.
	City int
	// Ads are the advertiser's ads, campaign by campaign.
	Ads []Ad
}

// Catalog is the generator's fixed world, derived from the seed alone.
// It is read-only once built and safe for concurrent reads.
type Catalog struct {
	// Advertisers in id order.
	Advertisers []Advertiser
	advCDF      []float64 // advertiser popularity, cumulative
	cityCDF     []float64 // city popularity, cumulative
}

// catalogStream separates the catalog's random stream from the events'.
const catalogStream = 0x6361_7461_6c6f_6721

// NewCatalog builds the catalog of c (which must be valid).
func NewCatalog(c Config) *Catalog {
	rng := rand.New(rand.NewPCG(uint64(c.Seed), catalogStream))
	cat := &Catalog{cityCDF: zipfCDF(len(Cities), 1.0, nil)}
	// Advertiser popularity is Zipf-like over a seeded ranking.
	rank := rng.Perm(c.Advertisers)
	weights := make([]float64, c.Advertisers)
	for i, r := range rank {
		weights[i] = 1 / math.Pow(float64(r+1), 0.8)
	}
	cat.advCDF = zipfCDF(c.Advertisers, 0, weights)
	for a := 0; a < c.Advertisers; a++ {
		adv := Advertiser{ID: int64(1001 + a), City: pick(cat.cityCDF, rng.Float64())}
		for ci := 1; ci <= c.CampaignsPerAdvertiser; ci++ {
			campaign := adv.ID*100 + int64(ci)
			for k := 1; k <= c.AdsPerCampaign; k++ {
				// Bids are log-uniform over 0.10..5.00: most are cheap.
				bid := int64(math.Round(10 * math.Exp(rng.Float64()*math.Log(50))))
				adv.Ads = append(adv.Ads, Ad{
					ID: campaign*100 + int64(k), CampaignID: campaign, AdvertiserID: adv.ID,
					BidCents: min(max(bid, 10), 500),
					CTR:      0.01 + 0.07*rng.Float64(),
				})
			}
		}
		cat.Advertisers = append(cat.Advertisers, adv)
	}
	return cat
}

// zipfCDF returns the normalized cumulative distribution of weights, or
// of 1/(i+1)^s over n items when weights is nil.
func zipfCDF(n int, s float64, weights []float64) []float64 {
	cdf := make([]float64, n)
	sum := 0.0
	for i := range n {
		w := 0.0
		if weights != nil {
			w = weights[i]
		} else {
			w = 1 / math.Pow(float64(i+1), s)
		}
		sum += w
		cdf[i] = sum
	}
	for i := range cdf {
		cdf[i] /= sum
	}
	return cdf
}

// pick returns the index that u in [0, 1) falls on in cdf.
func pick(cdf []float64, u float64) int {
	i := sort.SearchFloat64s(cdf, u)
	if i >= len(cdf) {
		i = len(cdf) - 1
	}
	return i
}
