// Command borehole computes the mean, standard deviation, skewness and
// excess kurtosis of the borehole function (Harper & Gupta 1983; Morris,
// Mitchell & Ylvisaker 1993; Surjanovic & Bingham, Virtual Library of
// Simulation Experiments, https://www.sfu.ca/~ssurjano/borehole.html) by
// tensor-product Gauss quadrature, independently of the engine (it uses
// only the standard library): the reference of the borehole case of
// testdata/suites/known-answers.yaml.
//
//	go run ./benchmarks/peers/borehole
//
// The function is
//
//	f = 2π Tu (Hu − Hl) / (ln(r/rw) (1 + 2 L Tu / (ln(r/rw) rw² Kw) + Tu/Tl))
//
// with rw ~ N(0.10, 0.0161812), ln r ~ N(7.71, 1.0056), Tu ~ U(63070,
// 115600), Hu ~ U(990, 1110), Tl ~ U(63.1, 116), Hl ~ U(700, 820), L ~
// U(1120, 1680), Kw ~ U(9855, 12045), all independent. It factorises as
// f = (Hu − Hl) · g with
//
//	g = 2π / (A (1/Tu + 1/Tl) + 2 L / (rw² Kw)),  A = ln r − ln rw,
//
// so E[f^k] = E[(Hu − Hl)^k] E[g^k]: the first factor is a polynomial
// moment, exact with a 5-point Gauss–Legendre rule in Hu and Hl; the second
// is a 6-dimensional integral over rw, ln r, Tu, Tl, L and Kw:
// Gauss–Hermite in ln r, Gauss–Legendre with the normal density as weight
// in rw on μ ± 6σ (rw ≤ 0, where ln(r/rw) is undefined, has probability
// 3e-10; the rows cut at 5.5σ and 5σ show what the cut moves: the mass
// beyond 6σ, 2e-9, moves the mean by about 1e-7), and Gauss–Legendre in
// the four uniforms. The program prints the moments for a sequence of node
// counts, each about doubling the last, so that the convergence shows the
// quadrature error.
package main

import (
	"fmt"
	"math"
)

// legendre returns the n Gauss–Legendre nodes and weights on [a, b]
// (Newton's method on P_n from the Chebyshev guesses).
func legendre(n int, a, b float64) (x, w []float64) {
	x, w = make([]float64, n), make([]float64, n)
	for i := 0; i < (n+1)/2; i++ {
		z := math.Cos(math.Pi * (float64(i) + 0.75) / (float64(n) + 0.5))
		var pp float64
		for iter := 0; iter < 100; iter++ {
			p1, p2 := 1.0, 0.0
			for j := 1; j <= n; j++ {
				p1, p2 = ((2*float64(j)-1)*z*p1-(float64(j)-1)*p2)/float64(j), p1
			}
			pp = float64(n) * (z*p1 - p2) / (z*z - 1)
			dz := p1 / pp
			z -= dz
			if math.Abs(dz) < 1e-16 {
				break
			}
		}
		m, h := (a+b)/2, (b-a)/2
		x[i], x[n-1-i] = m-h*z, m+h*z
		w[i] = 2 * h / ((1 - z*z) * pp * pp)
		w[n-1-i] = w[i]
	}
	return x, w
}

// hermite returns the n Gauss–Hermite nodes and weights for the weight
// exp(−x²) (Newton's method on the orthonormal Hermite recurrence, the
// guesses of Numerical Recipes' gauher).
func hermite(n int) (x, w []float64) {
	x, w = make([]float64, n), make([]float64, n)
	pim4 := math.Pow(math.Pi, -0.25)
	var z float64
	for i := 0; i < (n+1)/2; i++ {
		switch i {
		case 0:
			z = math.Sqrt(float64(2*n+1)) - 1.85575*math.Pow(float64(2*n+1), -0.16667)
		case 1:
			z -= 1.14 * math.Pow(float64(n), 0.426) / z
		case 2:
			z = 1.86*z - 0.86*x[0]
		case 3:
			z = 1.91*z - 0.91*x[1]
		default:
			z = 2*z - x[i-2]
		}
		var pp float64
		for iter := 0; iter < 100; iter++ {
			p1, p2 := pim4, 0.0
			for j := 1; j <= n; j++ {
				p1, p2 = z*math.Sqrt(2/float64(j))*p1-math.Sqrt(float64(j-1)/float64(j))*p2, p1
			}
			pp = math.Sqrt(2*float64(n)) * p2
			dz := p1 / pp
			z -= dz
			if math.Abs(dz) < 1e-15 {
				break
			}
		}
		x[i], x[n-1-i] = z, -z
		w[i] = 2 / (pp * pp)
		w[n-1-i] = w[i]
	}
	return x, w
}

const (
	rwMu, rwSigma = 0.10, 0.0161812
	lnrMu, lnrSig = 7.71, 1.0056
)

// uni returns n Gauss–Legendre nodes and weights for U(a, b).
func uni(n int, a, b float64) ([]float64, []float64) {
	x, w := legendre(n, a, b)
	for i := range w {
		w[i] /= b - a
	}
	return x, w
}

// standard returns the nodes and weights in rw and ln r of the standard
// distributions: nrw nodes in rw, integrated over μ ± k σ, and nz in ln r.
func standard(nrw, nz int, k float64) (rw, wrw, zx, wz []float64) {
	rw, wrw = legendre(nrw, rwMu-k*rwSigma, rwMu+k*rwSigma)
	mass := 0.0
	for i := range rw {
		d := (rw[i] - rwMu) / rwSigma
		wrw[i] *= math.Exp(-d*d/2) / (rwSigma * math.Sqrt(2*math.Pi))
		mass += wrw[i]
	}
	for i := range wrw { // the normal restricted to μ ± kσ
		wrw[i] /= mass
	}
	zx, wz = hermite(nz)
	for i := range zx {
		zx[i] = lnrMu + math.Sqrt2*lnrSig*zx[i]
		wz[i] /= math.SqrtPi
	}
	return rw, wrw, zx, wz
}

// uniformRadii returns the nodes and weights in rw and ln r of the
// all-uniform form (rw ~ U(0.05, 0.15), r ~ U(100, 50000)).
func uniformRadii(nrw, nz int) (rw, wrw, zx, wz []float64) {
	rw, wrw = uni(nrw, 0.05, 0.15)
	r, wz := uni(nz, 100, 50000)
	for i := range r {
		zx = append(zx, math.Log(r[i]))
	}
	return rw, wrw, zx, wz
}

// moments returns E[g], E[g²], E[g³], E[g⁴] over the given nodes in rw
// and ln r, with nu nodes in each uniform.
func moments(rw, wrw, zx, wz []float64, nu int) [4]float64 {
	tu, wtu := uni(nu, 63070, 115600)
	tl, wtl := uni(nu, 63.1, 116)
	l, wl := uni(nu, 1120, 1680)
	kw, wkw := uni(nu, 9855, 12045)
	// s = 1/Tu + 1/Tl and q = 2 L / Kw over their grids, with weights.
	var s, ws, q, wq []float64
	for i := range tu {
		for j := range tl {
			s = append(s, 1/tu[i]+1/tl[j])
			ws = append(ws, wtu[i]*wtl[j])
		}
	}
	for i := range l {
		for j := range kw {
			q = append(q, 2*l[i]/kw[j])
			wq = append(wq, wl[i]*wkw[j])
		}
	}
	var m [4]float64
	for i := range rw {
		inv := 1 / (rw[i] * rw[i])
		lnrw := math.Log(rw[i])
		for j := range zx {
			a := zx[j] - lnrw
			wij := wrw[i] * wz[j]
			var acc [4]float64
			for si := range s {
				as := a * s[si]
				var inner [4]float64
				for qi := range q {
					g := 2 * math.Pi / (as + q[qi]*inv)
					g2 := g * g
					inner[0] += wq[qi] * g
					inner[1] += wq[qi] * g2
					inner[2] += wq[qi] * g2 * g
					inner[3] += wq[qi] * g2 * g2
				}
				for t := range acc {
					acc[t] += ws[si] * inner[t]
				}
			}
			for t := range m {
				m[t] += wij * acc[t]
			}
		}
	}
	return m
}

// headMoments returns E[(Hu − Hl)^k], k = 1..4, exactly (a polynomial of
// degree 4 in each variable, which 5 Gauss–Legendre nodes integrate exactly).
func headMoments() [4]float64 {
	hu, whu := legendre(5, 990, 1110)
	hl, whl := legendre(5, 700, 820)
	var m [4]float64
	for i := range hu {
		for j := range hl {
			d := hu[i] - hl[j]
			w := whu[i] / 120 * whl[j] / 120
			for k, p := 0, d; k < 4; k, p = k+1, p*d {
				m[k] += w * p
			}
		}
	}
	return m
}

func main() {
	h := headMoments()
	fmt.Printf("E[Hu-Hl] = %.10g, Var(Hu-Hl) = %.10g (exactly 290 and 2400)\n", h[0], h[1]-h[0]*h[0])
	row := func(label string, g [4]float64) {
		var r [4]float64 // raw moments of f
		for i := range r {
			r[i] = h[i] * g[i]
		}
		mean := r[0]
		v := r[1] - mean*mean
		m3 := r[2] - 3*mean*r[1] + 2*mean*mean*mean
		m4 := r[3] - 4*mean*r[2] + 6*mean*mean*r[1] - 3*mean*mean*mean*mean
		fmt.Printf("%-24s %-18.12g %-18.12g %-12.8g %-12.8g\n", label, mean, math.Sqrt(v), m3/math.Pow(v, 1.5), m4/(v*v)-3)
	}
	fmt.Println("rw ~ N(0.10, 0.0161812), ln r ~ N(7.71, 1.0056):")
	fmt.Printf("%-24s %-18s %-18s %-12s %-12s\n", "nodes rw, ln r, U; rw", "mean", "sd", "skewness", "ex.kurtosis")
	for _, n := range []struct {
		rw, z, u int
		k        float64
	}{{16, 12, 4, 6}, {32, 20, 6, 6}, {64, 32, 8, 6}, {128, 48, 10, 6}, {128, 48, 10, 5.5}, {128, 48, 10, 5}} {
		rw, wrw, zx, wz := standard(n.rw, n.z, n.k)
		row(fmt.Sprintf("%3d,%3d,%3d; μ ± %.1fσ", n.rw, n.z, n.u, n.k), moments(rw, wrw, zx, wz, n.u))
	}
	fmt.Println("rw ~ U(0.05, 0.15), r ~ U(100, 50000) (the all-uniform form):")
	for _, n := range []struct{ rw, z, u int }{{16, 16, 4}, {32, 32, 6}, {64, 64, 8}, {128, 128, 10}} {
		rw, wrw, zx, wz := uniformRadii(n.rw, n.z)
		row(fmt.Sprintf("%3d,%3d,%3d", n.rw, n.z, n.u), moments(rw, wrw, zx, wz, n.u))
	}
}
